import { describe, expect, it } from 'vitest';
import { compareIsoIdentifiers, jolietName, primaryNames } from './names';
import { buildTree } from './tree';

describe('primaryNames', () => {
  it('maps names to unique 8.3 d-character identifiers', () => {
    const root = buildTree([
      { path: 'meta-data', data: new Uint8Array() },
      { path: 'meta-data-2', data: new Uint8Array() },
      { path: 'boot.essential.Linux/x', data: new Uint8Array() },
      { path: 'boot.sh', data: new Uint8Array() },
    ]);
    const names = [...primaryNames(root).values()].sort();
    expect(names).toEqual(['BOOT.SH;1', 'BOOT_ESS', 'META_DAT.;1', 'META_D_1.;1']);
  });
});

describe('compareIsoIdentifiers', () => {
  it('compares name and extension as if padded with spaces', () => {
    expect(compareIsoIdentifiers('A.B;1', 'A.B0;1')).toBeLessThan(0);
    expect(compareIsoIdentifiers('BOOT.SH;1', 'BOOT_ESS')).toBeLessThan(0);
    expect(compareIsoIdentifiers('B', 'A.Z;1')).toBeGreaterThan(0);
    expect(compareIsoIdentifiers('X.;1', 'X.;1')).toBe(0);
  });
});

describe('jolietName', () => {
  it('keeps case and replaces the characters Joliet forbids', () => {
    const root = buildTree([{ path: 'Mixed:Case;x.sh', data: new Uint8Array() }]);
    const node = root.children.get('Mixed:Case;x.sh');
    expect(node && jolietName(node)).toBe('Mixed_Case_x.sh');
  });

  it('rejects a name longer than 64 characters, naming the path', () => {
    const long = 'n'.repeat(65);
    const root = buildTree([{ path: `dir/${long}`, data: new Uint8Array() }]);
    const dir = root.children.get('dir');
    const node = dir?.kind === 'dir' ? dir.children.get(long) : undefined;
    expect(() => node && jolietName(node)).toThrow(`"dir/${long}"`);
  });
});
