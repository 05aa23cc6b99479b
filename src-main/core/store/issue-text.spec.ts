import { describe, expect, it } from 'vitest';
import { formatIssue } from './issue-text';

describe('formatIssue', () => {
  it('writes file:line:col: field: message', () => {
    expect(formatIssue({ severity: 'error', file: '/h/vm/lima.yaml', line: 4, col: 7, field: 'cpus', message: 'must be an integer' })).toBe(
      '/h/vm/lima.yaml:4:7: cpus: must be an integer',
    );
  });

  it('leaves out what the issue lacks', () => {
    expect(formatIssue({ severity: 'error', field: '', message: 'field `images` must be set', file: 'x.yaml' })).toBe('x.yaml: field `images` must be set');
    expect(formatIssue({ severity: 'warning', field: 'vmType', message: 'unknown' })).toBe('vmType: unknown');
  });
});
