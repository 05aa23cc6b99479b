import { describe, expect, it } from 'vitest';
import { diskNameProblem, parseSize, resizeProblem } from './disk-checks';

describe('disk checks', () => {
  it('takes a name by the identifier rule, and not one in use', () => {
    expect(diskNameProblem('data', [])).toBeUndefined();
    expect(diskNameProblem('', [])).toBe('Give the disk a name, e.g. data.');
    expect(diskNameProblem('my disk', [])).toBe('A name may hold only letters, digits, ".", "_" and "-"; remove the space.');
    expect(diskNameProblem('-data', [])).toMatch(/^A name starts and ends with a letter or digit/);
    expect(diskNameProblem('data', ['data'])).toBe('A disk named data already exists; choose another name.');
  });

  it('reads sizes as limactl does, and refuses -1 and lots', () => {
    expect(parseSize('10GiB')).toEqual({ bytes: 10 * 1024 ** 3 });
    expect(parseSize('512M')).toEqual({ bytes: 512 * 1024 ** 2 });
    expect(parseSize('-1')).toEqual({ problem: '"-1" is not a size: write a number and a unit, e.g. 10GiB or 512MiB.' });
    expect(parseSize('lots')).toHaveProperty('problem');
    expect(parseSize('0GiB')).toEqual({ problem: 'A disk must be larger than 0 bytes.' });
  });

  it('only grows a disk', () => {
    expect(resizeProblem('20GiB', 10 * 1024 ** 3)).toBeUndefined();
    expect(resizeProblem('10GiB', 10 * 1024 ** 3)).toBe('A disk only grows: give a size larger than it is now.');
  });
});
