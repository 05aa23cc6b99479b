import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TemplateNotFoundError } from './template-errors';
import {
  bundledTemplatesDir, findTemplate, limaInstallTemplateDirs, storeEntries, templateFileNames, templateSearchPath,
} from './template-store';

const repoRoot = path.resolve(__dirname, '../../..');
const bundled = path.join(repoRoot, 'assets', 'templates');
let tmp: string;
let limaHome: string;

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'limadesk-store-'));
  limaHome = path.join(tmp, 'lima');
  mkdirSync(path.join(limaHome, '_templates'), { recursive: true });
});

afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function write(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A fake Lima installation: <prefix>/bin/limactl and <prefix>/share/lima/templates. */
function fakeLima(prefix: string, templates: Record<string, string>): string {
  const limactl = write(path.join(prefix, 'bin', 'limactl'), '#!/bin/sh\nexit 0\n');
  chmodSync(limactl, 0o755);
  for (const [name, text] of Object.entries(templates)) write(path.join(prefix, 'share', 'lima', 'templates', name), text);
  return path.join(prefix, 'bin');
}

const opts = (env: Record<string, string> = {}) => ({ limaHome, env: { PATH: '/nonexistent', ...env } });

describe('template names', () => {
  it('are names, not file extensions: dotted versions get .yaml', () => {
    expect(templateFileNames('docker')).toEqual(['docker.yaml']);
    expect(templateFileNames('_images/ubuntu-24.04')).toEqual(['_images/ubuntu-24.04.yaml']);
    expect(templateFileNames('_images/alpine-3.23')).toEqual(['_images/alpine-3.23.yaml']);
    expect(templateFileNames('_default/mounts')).toEqual(['_default/mounts.yaml']);
    expect(templateFileNames('ubuntu.yaml')).toEqual(['ubuntu.yaml']);
    // Lima keeps other extensions (scripts); a name like "alpine-3.x" is tried both ways.
    expect(templateFileNames('provision.sh')).toEqual(['provision.sh', 'provision.sh.yaml']);
    expect(templateFileNames('alpine-3.x')).toEqual(['alpine-3.x', 'alpine-3.x.yaml']);
  });

  it('resolve with dots, in folders, along the search path', async () => {
    const dir = path.join(tmp, 'store');
    write(path.join(dir, '_images', 'ubuntu-24.04.yaml'), 'images: []\n');
    write(path.join(dir, '_images', 'alpine-3.x.yaml'), 'images: []\n');
    write(path.join(dir, '_default', 'mounts.yaml'), 'mounts: []\n');
    const o = opts({ LIMA_TEMPLATES_PATH: dir });
    expect((await findTemplate('_images/ubuntu-24.04', o)).file).toBe(path.join(dir, '_images', 'ubuntu-24.04.yaml'));
    expect((await findTemplate('_images/alpine-3.x', o)).file).toBe(path.join(dir, '_images', 'alpine-3.x.yaml'));
    expect((await findTemplate('_default/mounts', o)).file).toBe(path.join(dir, '_default', 'mounts.yaml'));
  });

  it('refuses .. and absolute names', async () => {
    await expect(findTemplate('../etc/passwd', opts())).rejects.toThrow('must not contain ".."');
    await expect(findTemplate('/etc/passwd', opts())).rejects.toThrow('must be relative');
  });
});

describe('search path', () => {
  it('is LIMA_HOME/_templates then the bundled templates', () => {
    expect(templateSearchPath(opts())).toEqual([path.join(limaHome, '_templates'), bundled]);
  });

  it('puts LIMA_TEMPLATES_PATH in place of Lima\'s own directories, the bundled ones still last', () => {
    expect(templateSearchPath(opts({ LIMA_TEMPLATES_PATH: `/a${path.delimiter}/b` }))).toEqual(['/a', '/b', bundled]);
  });

  it('uses the templates of a Lima installation found next to limactl on PATH', async () => {
    const bin = fakeLima(path.join(tmp, 'usr-local'), { 'only-lima.yaml': 'cpus: 1\n', '_images/ubuntu-24.04.yaml': 'cpus: 2\n' });
    const o = opts({ PATH: `/nonexistent${path.delimiter}${bin}` });
    const share = path.join(tmp, 'usr-local', 'share', 'lima', 'templates');
    expect(templateSearchPath(o)).toEqual([path.join(limaHome, '_templates'), share, bundled]);
    expect((await findTemplate('only-lima', o)).file).toBe(path.join(share, 'only-lima.yaml'));
    // Lima's own templates come before the bundled ones of the same name.
    expect((await findTemplate('_images/ubuntu-24.04', o)).file).toBe(path.join(share, '_images', 'ubuntu-24.04.yaml'));
    // …but LIMA_TEMPLATES_PATH replaces them, as in Lima.
    expect(templateSearchPath({ ...o, env: { ...o.env, LIMA_TEMPLATES_PATH: '/x' } })).toEqual(['/x', bundled]);
  });

  it('follows a symlinked limactl to its real prefix (Homebrew) and skips an empty share directory', () => {
    const cellarBin = fakeLima(path.join(tmp, 'Cellar', 'lima', '2.2.0'), { 'default.yaml': 'cpus: 1\n' });
    mkdirSync(path.join(tmp, 'brew', 'bin'), { recursive: true });
    mkdirSync(path.join(tmp, 'brew', 'share', 'lima', 'templates'), { recursive: true });
    symlinkSync(path.join(cellarBin, 'limactl'), path.join(tmp, 'brew', 'bin', 'limactl'));
    expect(limaInstallTemplateDirs({ PATH: path.join(tmp, 'brew', 'bin') })).toEqual([path.join(tmp, 'Cellar', 'lima', '2.2.0', 'share', 'lima', 'templates')]);
    expect(limaInstallTemplateDirs({ PATH: '/nonexistent' })).toEqual([]);
  });

  it('finds the bundled templates from source, from LIMADESK_ASSETS_DIR, and from an esbuild bundle', async () => {
    expect(bundledTemplatesDir({})).toBe(bundled);
    expect(bundledTemplatesDir({ LIMADESK_ASSETS_DIR: '/opt/limadesk/resources/assets' })).toBe('/opt/limadesk/resources/assets/templates');
    mkdirSync(path.join(repoRoot, 'out'), { recursive: true });
    const outDir = mkdtempSync(path.join(repoRoot, 'out', 'templates-probe-'));
    try {
      const entry = write(path.join(tmp, 'probe.ts'), `import { bundledTemplatesDir } from ${JSON.stringify(path.join(__dirname, 'template-store'))};\nprocess.stdout.write(bundledTemplatesDir({}));\n`);
      const outfile = path.join(outDir, 'probe.cjs');
      await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });
      const { stdout } = await promisify(execFile)(process.execPath, [outfile], { cwd: tmp });
      expect(stdout).toBe(bundled);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});

describe('a template that cannot be found', () => {
  it('names the name, the search path and what exists, with a suggestion', async () => {
    const dir = path.join(tmp, 'mine');
    write(path.join(dir, 'dockerish.yaml'), 'cpus: 1\n');
    write(path.join(dir, '_images', 'x.yaml'), 'cpus: 1\n');
    const err = await findTemplate('dokcer', opts({ LIMA_TEMPLATES_PATH: dir })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemplateNotFoundError);
    const message = (err as Error).message;
    expect(message).toContain('template "dokcer" not found (did you mean "docker"?)');
    expect(message).toContain(`searched: ${dir}${path.delimiter}${bundled}`);
    expect(message).toMatch(/available templates: .*\bdefault\b.*\bdockerish\b/);
    expect(message).not.toContain('_images/x');
  });

  it('lists the building blocks beside a missing one', async () => {
    const err = (await findTemplate('_images/ubuntu-99.04', opts()).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('template "_images/ubuntu-99.04" not found');
    expect(err.message).toMatch(/templates in _images\/: .*_images\/ubuntu-24\.04, .*_images\/ubuntu-26\.04/);
  });
});

describe('store entries', () => {
  it('include symlinked templates (Lima ships alpine.yaml → alpine-3.23.yaml), first directory winning', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    write(path.join(a, 'alpine-3.23.yaml'), 'cpus: 1\n');
    symlinkSync('alpine-3.23.yaml', path.join(a, 'alpine.yaml'));
    write(path.join(a, '.hidden.yaml'), 'cpus: 1\n');
    write(path.join(b, 'alpine.yaml'), 'cpus: 2\n');
    write(path.join(b, 'README.md'), 'x');
    expect(await storeEntries([a, b, path.join(tmp, 'missing')])).toEqual([
      { name: 'alpine', file: path.join(a, 'alpine.yaml') },
      { name: 'alpine-3.23', file: path.join(a, 'alpine-3.23.yaml') },
    ]);
  });
});
