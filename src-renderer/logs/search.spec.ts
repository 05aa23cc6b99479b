import { describe, expect, it } from 'vitest';
import { highlight, matchingLines, stepMatch } from './search';

describe('log search', () => {
  it('finds lines case-insensitively', () => {
    expect(matchingLines(['Booting Linux', 'ok', 'linux ready'], 'LINUX')).toEqual([0, 2]);
    expect(matchingLines(['a'], '')).toEqual([]);
  });

  it('splits a line into highlighted and plain pieces', () => {
    expect(highlight('err: Error again', 'err')).toEqual([
      { text: 'err', match: true },
      { text: ': ', match: false },
      { text: 'Err', match: true },
      { text: 'or again', match: false },
    ]);
    expect(highlight('aaaa', 'aa').map((p) => p.text)).toEqual(['aa', 'aa']);
  });

  it('steps through matches with wrap-around', () => {
    expect(stepMatch(3, 2, 1)).toBe(0);
    expect(stepMatch(3, 0, -1)).toBe(2);
    expect(stepMatch(3, -1, -1)).toBe(2);
    expect(stepMatch(0, 0, 1)).toBe(-1);
  });
});
