import { describe, expect, it } from 'vitest';
import { isInLimaYaml, parseProblem, placeText, shortReason } from './problem-text';

describe('Broken reasons', () => {
  it('finds the file, line and column of a lima.yaml problem', () => {
    const p = parseProblem('/home/u/.lima/vm/lima.yaml:3:7: cpus: must be at least 1');
    expect(p).toMatchObject({ path: '/home/u/.lima/vm/lima.yaml', file: 'lima.yaml', line: 3, col: 7, message: 'cpus: must be at least 1' });
    expect(placeText(p)).toBe('lima.yaml, line 3');
    expect(isInLimaYaml(p, '/home/u/.lima/vm')).toBe(true);
    expect(isInLimaYaml(p, '/home/u/.lima/other')).toBe(false);
  });

  it('keeps a file without a line, and text without a file as it is', () => {
    expect(parseProblem('/l/vm/lima.yaml: cannot be loaded')).toMatchObject({ file: 'lima.yaml', message: 'cannot be loaded' });
    expect(parseProblem('/l/vm/lima.yaml: cannot be loaded').line).toBeUndefined();
    expect(parseProblem('host agent is running but driver is not')).toEqual({ text: 'host agent is running but driver is not', message: 'host agent is running but driver is not' });
  });

  it('shortens the first of several reasons for a list row', () => {
    expect(shortReason(['/l/vm/lima.yaml:12: memory: invalid size "lots"', 'second'])).toBe('lima.yaml, line 12: memory: invalid size "lots"');
    expect(shortReason([])).toBeUndefined();
  });
});
