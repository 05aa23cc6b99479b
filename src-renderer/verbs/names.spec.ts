import { describe, expect, it } from 'vitest';
import { instanceNameProblem } from '../create/instance-name';
import { suggestCopyName } from './names';

describe('suggestCopyName', () => {
  it('offers NAME-clone, and the next free number when that is taken', () => {
    expect(suggestCopyName('dev', ['dev'])).toBe('dev-clone');
    expect(suggestCopyName('dev', ['dev', 'dev-clone', 'dev-clone-2'])).toBe('dev-clone-3');
  });

  it('keeps a long name within the limit and valid', () => {
    const long = 'a'.repeat(76);
    const offered = suggestCopyName(long, [long]);
    expect(instanceNameProblem(offered, [long])).toBeUndefined();
    expect(offered.endsWith('-clone')).toBe(true);
  });
});
