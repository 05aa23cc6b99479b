import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLimaYaml } from '../../src-main/core/config/load';
import { InstanceCatalog } from '../../src-main/core/instances/catalog';
import { instanceDir, InvalidInstanceNameError, validateInstanceName } from '../../src-main/core/store/names';
import { expectClearIssue, expectClearMessage, fuzzParams, HOSTILE_STRINGS, hostileString, treeSnapshot } from './fuzz-support';

// Instance names become directories, hostnames and socket paths; mount paths become QEMU
// arguments and guest mount points. Hostile ones must be refused with a message, or
// accepted only when they stay where they belong.
let home: string;
let outside: string;
let before: Record<string, string>;
let outsideBefore: Record<string, string>;

beforeAll(() => {
  const parent = mkdtempSync(path.join(tmpdir(), 'ld-fuzz-names-'));
  home = path.join(parent, 'home');
  outside = parent;
  mkdirSync(home);
  before = treeSnapshot(home);
  outsideBefore = treeSnapshot(outside);
});
afterAll(() => {
  rmSync(outside, { recursive: true, force: true });
});

const LIMA_NAME = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;

describe('instance names', () => {
  it('are accepted only when they are one plain path component under LIMA_HOME', () => {
    fc.assert(
      fc.property(hostileString(), (name) => {
        let dir: string | undefined;
        try {
          dir = instanceDir(home, name);
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidInstanceNameError);
          expectClearMessage((err as Error).message);
          // The message quotes the name so the user sees exactly what was refused.
          expect((err as Error).message).toContain(JSON.stringify(name));
          return;
        }
        expect(name).toMatch(LIMA_NAME);
        expect(Buffer.byteLength(name)).toBeLessThanOrEqual(76);
        expect(path.dirname(dir)).toBe(home);
        expect(path.basename(dir)).toBe(name);
      }),
      fuzzParams(),
    );
  });

  it('refuses every traversal, metacharacter, control and overlong name of the corpus', () => {
    for (const name of HOSTILE_STRINGS) {
      if (LIMA_NAME.test(name) && name.length <= 76 && !/\.ya?ml$/i.test(name)) continue;
      expect(() => validateInstanceName(name), name).toThrow(InvalidInstanceNameError);
    }
  });

  it('an invalid name never creates anything, through the catalog either', async () => {
    const catalog = new InstanceCatalog(home);
    const valid = 'images: [{location: /nonexistent.img, arch: x86_64}]\n';
    await fc.assert(
      fc.asyncProperty(hostileString().filter((n) => !LIMA_NAME.test(n) || n.length > 76), async (name) => {
        await expect(catalog.create(name, valid)).rejects.toThrow(/instance name|identifier/);
        await expect(catalog.inspect(name)).rejects.toThrow(/instance name|identifier/);
        await expect(catalog.delete(name, { force: true })).rejects.toThrow(/instance name|identifier/);
      }),
      fuzzParams(),
    );
    expect(treeSnapshot(home)).toEqual(before);
    expect(treeSnapshot(outside)).toEqual({ ...outsideBefore });
  });
});

describe('mount paths', () => {
  const file = () => path.join(home, 'm', 'lima.yaml');
  const load = (mount: Record<string, unknown>) =>
    loadLimaYaml({
      file: file(),
      text: JSON.stringify({ images: [{ location: '/nonexistent.img', arch: 'x86_64' }], mounts: [mount] }),
      limaHome: home,
      instanceDir: path.join(home, 'm'),
    });

  it('relative and hostile locations are refused with the field named, never thrown', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString(), hostileString(), fc.boolean(), async (location, mountPoint, writable) => {
        const result = await load({ location, mountPoint, writable });
        for (const issue of result.issues) expectClearIssue(issue);
        const errors = result.issues.filter((i) => i.severity === 'error');
        if (!path.isAbsolute(location) && !location.startsWith('~')) {
          expect(errors.some((e) => e.field === 'mounts[0].location'), JSON.stringify(location)).toBe(true);
        }
        if (mountPoint.startsWith('~') || ['/', '/etc', '/usr', '/bin', '/tmp', '/var'].includes(mountPoint)) {
          expect(errors.some((e) => e.field === 'mounts[0].mountPoint'), JSON.stringify(mountPoint)).toBe(true);
        }
        if (errors.length > 0) expect(result.config).toBeUndefined();
      }),
      fuzzParams(),
    );
  });

  it('loading them wrote nothing', () => {
    expect(treeSnapshot(home)).toEqual(before);
  });
});
