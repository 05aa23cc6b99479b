import { describe, expect, it } from 'vitest';
import { suggestTag, tagProblem } from './snapshot-tag';

describe('snapshot tags', () => {
  it('accepts plain words and explains what is wrong with the rest', () => {
    expect(tagProblem('before-upgrade_1.2', [])).toBeUndefined();
    expect(tagProblem('', [])).toBe('Enter a tag for the snapshot.');
    expect(tagProblem('-x', [])).toBe('A tag starts with a letter or a digit.');
    expect(tagProblem('my snap;rm', [])).toBe('A tag may contain only letters, digits, ".", "_" and "-" (not space, ";").');
    expect(tagProblem('a'.repeat(64), [])).toBe('A tag has at most 63 characters (this one has 64).');
    expect(tagProblem('base', ['base'])).toBe('A snapshot tagged "base" exists already; delete it first or pick another tag.');
  });

  it('suggests a valid tag from the time', () => {
    const tag = suggestTag(new Date(2026, 10, 24, 20, 5));
    expect(tag).toBe('snap-2026-11-24-2005');
    expect(tagProblem(tag, [])).toBeUndefined();
  });
});
