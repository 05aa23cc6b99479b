import { LIMA_VERSION_COMPAT } from './version';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostInfo } from './host';
import { loadLimaYaml } from './load';

const HOST: HostInfo = { os: 'linux', arch: 'x86_64', cpus: 2, memoryBytes: 4 * 1024 ** 3, homeDir: '/home/tester', userName: 'tester', uid: 1000, timezone: 'UTC' };
const IMAGE = 'images: [{location: "https://example.com/a.img", arch: x86_64}]\n';

let root: string;
let limaHome: string;
let file: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'limadesk-load-'));
  limaHome = path.join(root, 'lima');
  await mkdir(path.join(limaHome, '_config'), { recursive: true });
  file = path.join(root, 'lima.yaml');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadLimaYaml', () => {
  it('reports a missing file', async () => {
    const r = await loadLimaYaml({ file, limaHome, host: HOST });
    expect(r.config).toBeUndefined();
    expect(r.issues).toEqual([{ severity: 'error', field: '', message: `file "${file}" does not exist`, file }]);
  });

  it('fills defaults from the host and returns the config when valid', async () => {
    await writeFile(file, `${IMAGE}memory: 2GiB\n`);
    const r = await loadLimaYaml({ file, limaHome, host: HOST });
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.raw).toEqual({ images: [{ location: 'https://example.com/a.img', arch: 'x86_64' }], memory: '2GiB' });
    expect(r.config).toMatchObject({ cpus: 2, memory: '2GiB', disk: '100GiB', arch: 'x86_64', vmType: 'qemu', mountType: '9p' });
    expect(r.parsed?.positionOf(['memory'])).toEqual({ line: 2, col: 1 });
  });

  it('uses given text instead of the file', async () => {
    const r = await loadLimaYaml({ file, text: `${IMAGE}cpus: 1\n`, limaHome, host: HOST });
    expect(r.config?.cpus).toBe(1);
  });

  it('merges default.yaml under and override.yaml over the file', async () => {
    await writeFile(path.join(limaHome, '_config', 'default.yaml'), 'cpus: 3\nmemory: 1GiB\ndisk: 20GiB\n');
    await writeFile(path.join(limaHome, '_config', 'override.yaml'), 'disk: 30GiB\n');
    const r = await loadLimaYaml({ file, text: `${IMAGE}memory: 2GiB\ndisk: 10GiB\n`, limaHome, host: HOST });
    expect(r.config).toMatchObject({ cpus: 3, memory: '2GiB', disk: '30GiB' });
  });

  it('names default.yaml and its line when that file is broken, and gives no config', async () => {
    const defaults = path.join(limaHome, '_config', 'default.yaml');
    await writeFile(defaults, 'cpus: 3\ncpus: 4\n');
    const r = await loadLimaYaml({ file, text: IMAGE, limaHome, host: HOST });
    expect(r.config).toBeUndefined();
    expect(r.issues).toMatchObject([{ severity: 'error', field: 'cpus', file: defaults, line: 2, col: 1 }]);
    expect(r.issues[0]?.message).toContain('map key-value is pre-defined');
  });

  it('positions validation errors in the lima.yaml', async () => {
    await writeFile(file, `${IMAGE}mounts:\n- location: relative/dir\n`);
    const r = await loadLimaYaml({ file, limaHome, host: HOST });
    expect(r.config).toBeUndefined();
    expect(r.issues).toEqual([
      { severity: 'error', field: 'mounts[0].location', message: 'field `mounts[0].location` must be an absolute path, got `relative/dir`', file, line: 3, col: 3 },
    ]);
  });

  it('rejects a param that nothing uses, before templates are expanded', async () => {
    const used = `${IMAGE}param: {greeting: hi}\nprovision:\n- script: "#!/bin/sh\\necho {{.Param.greeting}}"\n`;
    expect((await loadLimaYaml({ file, text: used, limaHome, host: HOST })).config).toBeDefined();
    const unused = `${IMAGE}param: {greeting: hi}\n`;
    const r = await loadLimaYaml({ file, text: unused, limaHome, host: HOST });
    expect(r.config).toBeUndefined();
    expect(r.issues.map((i) => i.message)).toEqual(['field `param` key `greeting` is not used in any provision, probe, copyToHost, or portForward']);
  });

  it('keeps warnings without withholding the config', async () => {
    const r = await loadLimaYaml({ file, text: `${IMAGE}cpu: 2\nmountInotify: true\n`, limaHome, host: HOST });
    expect(r.config).toBeDefined();
    expect(r.issues.map((i) => [i.severity, i.field])).toEqual([['warning', 'cpu'], ['warning', 'mountInotify']]);
  });

  it('passes an existing instance\'s lima-version to the defaults (older instances keep the .linux home)', async () => {
    const fresh = await loadLimaYaml({ file, text: IMAGE, limaHome, host: HOST, instanceDir: path.join(limaHome, 'new') });
    const oldDir = path.join(limaHome, 'old');
    await mkdir(oldDir);
    await writeFile(path.join(oldDir, 'lima-version'), '1.0.0\n');
    const old = await loadLimaYaml({ file, text: IMAGE, limaHome, host: HOST, instanceDir: oldDir });
    expect(fresh.config?.user?.home).toBe('/home/tester.guest');
    expect(old.config?.user?.home).toBe('/home/tester.linux');
  });

  it('refuses a template that needs a newer Lima', async () => {
    const r = await loadLimaYaml({ file, text: `${IMAGE}minimumLimaVersion: 9.0.0\n`, limaHome, host: HOST });
    expect(r.issues.map((i) => i.message)).toEqual([`template requires Lima version \`9.0.0\`; this is only \`${LIMA_VERSION_COMPAT}\``]);
  });
});

describe('bundled templates', () => {
  const dir = path.resolve(import.meta.dirname, '../../../assets/templates');
  const names = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

  it.each(names)('%s loads without errors (templates with `base` only fail the base rule)', async (name) => {
    const file = path.join(dir, name);
    const r = await loadLimaYaml({ file, limaHome, host: HOST });
    const errors = r.issues.filter((i) => i.severity === 'error').map((i) => i.message);
    const expected = r.raw.base === undefined ? [] : ['field `base` must be empty for YAML validation'];
    // Templates that rely on a base get their images from it; without it they have none.
    if (r.raw.base !== undefined && !r.raw.images) expected.push('field `images` must be set');
    expect([...errors].sort()).toEqual(expected.sort());
  });
});

describe('issue positions across layers', () => {
  it('points at override.yaml or default.yaml when the bad value came from there', async () => {
    const override = path.join(limaHome, '_config', 'override.yaml');
    const defaults = path.join(limaHome, '_config', 'default.yaml');
    await writeFile(override, 'ssh:\n  localPort: 22\nimages:\n- location: /o.img\n  arch: x86_64\n  digest: bad\n');
    await writeFile(defaults, 'images:\n- location: /d.img\n  arch: x86_64\n  digest: "sha001:00"\n');
    const text = `images:\n- location: /y.img\n  arch: x86_64\n  digest: alsobad\n`;
    const r = await loadLimaYaml({ file, text, limaHome, host: HOST });
    // The file being loaded first, then each other file in line order.
    expect(r.issues.map((i) => [i.field, path.basename(i.file ?? ''), i.line, i.col])).toEqual([
      ['images[1].digest', 'lima.yaml', 4, 3],
      ['ssh.localPort', 'override.yaml', 2, 3],
      ['images[0].digest', 'override.yaml', 6, 3],
      ['images[2].digest', 'default.yaml', 4, 3],
    ]);
    expect(r.issues[3]?.file).toBe(defaults);
  });
});

describe('loadLimaYaml: one error per problem, in line order', () => {
  const errorsOf = async (text: string) => {
    await writeFile(file, text);
    const r = await loadLimaYaml({ file, limaHome, host: HOST, warn: false });
    return r.issues.filter((i) => i.severity === 'error');
  };

  it('a port out of range is one error, not one per range it fills', async () => {
    const errors = await errorsOf(`${IMAGE}portForwards:\n- guestPort: 99999\n  hostPort: 8080\n`);
    expect(errors).toEqual([expect.objectContaining({ field: 'portForwards[0].guestPort', line: 3, message: expect.stringContaining('65536') })]);
  });

  it('two bad ports of one forward are two errors', async () => {
    const errors = await errorsOf(`${IMAGE}portForwards:\n- guestPort: 99999\n  hostPort: 99999\n`);
    expect(errors.map((e) => [e.field, e.line])).toEqual([['portForwards[0].guestPort', 3], ['portForwards[0].hostPort', 4]]);
  });

  it('lists issues in the order of their lines', async () => {
    const errors = await errorsOf(`${IMAGE}ssh:\n  localPort: -5\ncpus: -1\nmounts:\n- location: relative/path\ndisk: huge\n`);
    const lines = errors.map((e) => e.line ?? 0);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});
