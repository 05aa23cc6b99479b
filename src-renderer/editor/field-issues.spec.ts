import { describe, expect, it } from 'vitest';
import { fieldId, isInEditedFile, issuesFor, placeOf } from './field-issues';
import type { EditorIssue } from './backend';

const issue = (field: string, extra: Partial<EditorIssue> = {}): EditorIssue => ({ severity: 'error', field, message: 'bad', ...extra });

describe('field issues', () => {
  it('routes issues to the inputs they are about', () => {
    expect(fieldId('mounts[1].location')).toBe('mounts.1.location');
    const issues = [issue('mounts[1].location'), issue('mounts[10].location'), issue('cpus')];
    expect(issuesFor(issues, 'mounts.1')).toEqual([issues[0]]);
    expect(issuesFor(issues, 'cpus')).toEqual([issues[2]]);
  });

  it('keeps positions of other layers out of the edited text', () => {
    expect(isInEditedFile(issue('cpus'))).toBe(true);
    expect(isInEditedFile(issue('cpus', { file: '/home/u/.lima/dev/lima.yaml' }))).toBe(true);
    expect(isInEditedFile(issue('cpus', { file: '/home/u/.lima/_config/override.yaml' }))).toBe(false);
    expect(placeOf(issue('cpus', { line: 3, col: 7 }))).toBe('line 3, column 7');
    expect(placeOf(issue('cpus', { file: '/l/_config/default.yaml', line: 2 }))).toBe('/l/_config/default.yaml line 2');
    expect(placeOf(issue('cpus'))).toBe('');
  });
});
