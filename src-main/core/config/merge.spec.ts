import { describe, expect, it } from 'vitest';
import { concatLists, foldMounts, foldNetworks, mergeMaps, mergeVMOpts, overlayDefined, pickNonEmptyList, pickScalar, uniqueConcat } from './merge';
import type { Mount } from './types';

describe('merge primitives', () => {
  it('pickScalar: o, else y, else d; false and 0 count as set', () => {
    expect(pickScalar('y', 'd', 'o')).toBe('o');
    expect(pickScalar('y', 'd', undefined)).toBe('y');
    expect(pickScalar(undefined, 'd', undefined)).toBe('d');
    expect(pickScalar(true, true, false)).toBe(false);
    expect(pickScalar(0, 4, undefined)).toBe(0);
    expect(pickScalar(undefined, undefined, undefined)).toBeUndefined();
  });

  it('concatLists: o, y, d', () => {
    expect(concatLists(['o'], ['y1', 'y2'], ['d'])).toEqual(['o', 'y1', 'y2', 'd']);
    expect(concatLists(undefined, undefined, undefined)).toEqual([]);
  });

  it('mergeMaps: d, then y, then o', () => {
    expect(mergeMaps({ a: 'd', b: 'd', c: 'd' }, { b: 'y', c: 'y' }, { c: 'o' })).toEqual({ a: 'd', b: 'y', c: 'o' });
  });

  it('pickNonEmptyList: the whole highest-priority non-empty list', () => {
    expect(pickNonEmptyList(['y'], ['d1', 'd2'], [])).toEqual(['y']);
    expect(pickNonEmptyList([], ['d1', 'd2'], undefined)).toEqual(['d1', 'd2']);
  });

  it('uniqueConcat: d, y, o, first occurrence kept', () => {
    expect(uniqueConcat(['a', 'b'], ['b', 'c'], ['a', 'd'])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('overlayDefined: later fields win, nested objects merge, undefined is ignored', () => {
    const earlier = { a: 1, n: { x: 1, y: 2 }, list: [1, 2] };
    const later = { a: undefined, n: { y: 3 }, list: [9] };
    expect(overlayDefined<Record<string, unknown>>(earlier, later)).toEqual({ a: 1, n: { x: 1, y: 3 }, list: [9] });
    expect(earlier).toEqual({ a: 1, n: { x: 1, y: 2 }, list: [1, 2] });
  });
});

describe('foldMounts', () => {
  it('combines entries with the same key, later fields winning, writable included', () => {
    const mounts: Mount[] = [
      { location: '/h', writable: true, sshfs: { cache: false } },
      { location: '/x' },
      { location: '/h', writable: false, sshfs: { followSymlinks: true } },
    ];
    expect(foldMounts(mounts, (m) => m.mountPoint ?? m.location ?? '')).toEqual([
      { location: '/h', writable: false, sshfs: { cache: false, followSymlinks: true } },
      { location: '/x' },
    ]);
  });
});

describe('foldNetworks', () => {
  it('never combines unnamed entries', () => {
    expect(foldNetworks([{ lima: 'a' }], [{ lima: 'b' }], undefined, [])).toEqual([{ lima: 'a' }, { lima: 'b' }]);
  });

  it('lets socket replace lima and lima replace socket', () => {
    const warnings: string[] = [];
    expect(foldNetworks([{ interface: 'e', lima: 'shared' }], [{ interface: 'e', socket: '/s' }], undefined, warnings)).toEqual([{ interface: 'e', socket: '/s' }]);
    expect(foldNetworks([{ interface: 'e', socket: '/s' }], undefined, [{ interface: 'e', lima: 'bridged' }], warnings)).toEqual([{ interface: 'e', lima: 'bridged' }]);
    expect(warnings).toEqual([]);
  });
});

describe('mergeVMOpts', () => {
  it('merges the qemu entry field by field and other drivers as whole values', () => {
    expect(
      mergeVMOpts(
        { qemu: { minimumVersion: '6.0.0', cpuType: { x86_64: 'd' } }, vz: { diskImageFormat: 'raw' } },
        { qemu: { cpuType: { x86_64: 'y', aarch64: 'y' } } },
        { qemu: { minimumVersion: '8.0.0' }, vz: { diskImageFormat: 'asif' } },
      ),
    ).toEqual({ qemu: { minimumVersion: '8.0.0', cpuType: { x86_64: 'y', aarch64: 'y' } }, vz: { diskImageFormat: 'asif' } });
    expect(mergeVMOpts(undefined, undefined, undefined)).toEqual({ qemu: {} });
  });
});
