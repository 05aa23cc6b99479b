import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fillDefaults } from './defaults';
import { loadLimaYaml } from './load';
import type { HostInfo } from './host';
import { parseLocator, TEMPLATE_SIZE_LIMIT } from './template-locator';
import { bundledTemplatesDir, listTemplates, resolveTemplate, templateSearchPath } from './templates';
import type { LimaYAML } from './types';

const repoRoot = path.resolve(__dirname, '../../..');
const bundled = path.join(repoRoot, 'assets', 'templates');
let tmp: string;
let limaHome: string;

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'limadesk-templates-'));
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

const opts = (env: Record<string, string> = {}) => ({ limaHome, env });

describe('parseLocator', () => {
  it('adds .yaml to template names without an extension', () => {
    expect(parseLocator('template:docker', '/x')).toEqual({ kind: 'template', name: 'docker.yaml', warnings: [] });
    expect(parseLocator('template:experimental/vnc', '/x')).toMatchObject({ name: 'experimental/vnc.yaml' });
    expect(parseLocator('template:foo.yml', '/x')).toMatchObject({ name: 'foo.yml' });
  });

  it('accepts template:// with a warning about the old form', () => {
    const parsed = parseLocator('template://docker', '/x');
    expect(parsed).toMatchObject({ kind: 'template', name: 'docker.yaml' });
    expect(parsed.warnings).toEqual(['template locator "template://docker" uses the old form; write it as "template:docker"']);
  });

  it('rejects .. and empty names', () => {
    expect(() => parseLocator('template:../etc/passwd', '/x')).toThrow('must not contain ".."');
    expect(() => parseLocator('template:a/../b', '/x')).toThrow('must not contain ".."');
    expect(() => parseLocator('template:', '/x')).toThrow('names no template');
  });

  it('resolves file URLs and relative paths', () => {
    expect(parseLocator('file:///srv/t/dev.yaml', '/x')).toEqual({ kind: 'file', path: '/srv/t/dev.yaml', warnings: [] });
    expect(parseLocator('t/dev.yaml', '/home/me')).toEqual({ kind: 'file', path: '/home/me/t/dev.yaml', warnings: [] });
  });

  it('says clearly that remote templates are not supported', () => {
    expect(() => parseLocator('https://example.com/t.yaml', '/x')).toThrow('remote template "https://example.com/t.yaml" is not supported');
    expect(() => parseLocator('github:lima-vm/lima/templates/docker', '/x')).toThrow('not supported');
    expect(() => parseLocator('-', '/x')).toThrow('standard input');
  });
});

describe('search path', () => {
  it('is LIMA_HOME/_templates then the bundled templates', () => {
    expect(templateSearchPath(opts())).toEqual([path.join(limaHome, '_templates'), bundled]);
  });

  it('is LIMA_TEMPLATES_PATH alone when set', () => {
    expect(templateSearchPath(opts({ LIMA_TEMPLATES_PATH: `/a${path.delimiter}/b` }))).toEqual(['/a', '/b']);
  });

  it('finds the bundled templates from source, from LIMADESK_ASSETS_DIR, and from an esbuild bundle', async () => {
    expect(bundledTemplatesDir({})).toBe(bundled);
    expect(bundledTemplatesDir({ LIMADESK_ASSETS_DIR: '/opt/limadesk/resources/assets' })).toBe('/opt/limadesk/resources/assets/templates');

    // Bundle the module to CommonJS below out/, as the CLI build does, and ask it.
    mkdirSync(path.join(repoRoot, 'out'), { recursive: true });
    const outDir = mkdtempSync(path.join(repoRoot, 'out', 'templates-probe-'));
    try {
      const entry = write(path.join(tmp, 'probe.ts'), `import { bundledTemplatesDir } from ${JSON.stringify(path.join(__dirname, 'templates'))};\nprocess.stdout.write(bundledTemplatesDir({}));\n`);
      const outfile = path.join(outDir, 'probe.cjs');
      await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });
      const { stdout } = await promisify(execFile)(process.execPath, [outfile], { cwd: tmp });
      expect(stdout).toBe(bundled);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});

describe('resolveTemplate', () => {
  it('reads a bundled template and names the instance after it', async () => {
    const t = await resolveTemplate('template:ubuntu', opts());
    expect(t.name).toBe('ubuntu');
    expect(t.source).toBe(path.join(bundled, 'ubuntu.yaml'));
    expect(t.text).toContain('ubuntu-24.04-server-cloudimg-amd64.img');
    expect(t.warnings).toEqual([]);
  });

  it('prefers LIMA_HOME/_templates over the bundled ones', async () => {
    write(path.join(limaHome, '_templates', 'ubuntu.yaml'), 'cpus: 1\n');
    const t = await resolveTemplate('template://ubuntu', opts());
    expect(t.text).toBe('cpus: 1\n');
    expect(t.warnings).toHaveLength(1);
  });

  it('uses only LIMA_TEMPLATES_PATH when set', async () => {
    const dir = path.join(tmp, 'mine');
    write(path.join(dir, 'Dev-Box.yaml'), 'cpus: 3\n');
    expect((await resolveTemplate('template:Dev-Box', opts({ LIMA_TEMPLATES_PATH: dir }))).name).toBe('dev-box');
    await expect(resolveTemplate('template:ubuntu', opts({ LIMA_TEMPLATES_PATH: dir }))).rejects.toThrow(`template "ubuntu.yaml" not found in ${dir}`);
  });

  it('reads local files and file URLs', async () => {
    const file = write(path.join(tmp, 'My.YAML.yml'), 'memory: 2GiB\n');
    expect(await resolveTemplate(file, opts())).toEqual({ name: 'my.yaml', text: 'memory: 2GiB\n', warnings: [], source: file });
    expect((await resolveTemplate(`file://${file}`, opts())).text).toBe('memory: 2GiB\n');
    await expect(resolveTemplate(path.join(tmp, 'nope.yaml'), opts())).rejects.toThrow('does not exist');
  });

  it('refuses templates over 4 MiB', async () => {
    const file = write(path.join(tmp, 'big.yaml'), `# ${'x'.repeat(TEMPLATE_SIZE_LIMIT)}\n`);
    await expect(resolveTemplate(file, opts())).rejects.toThrow('the limit is 4194304 bytes (4 MiB)');
  });

  it('embeds a base chain with Lima merge rules', async () => {
    const dir = path.join(tmp, 'chain');
    write(path.join(dir, 'images.yaml'), ['images:', '- location: https://example.com/base.img', '  arch: x86_64', 'minimumLimaVersion: 1.0.0', 'dns: [1.1.1.1]', 'mountTypesUnsupported: [9p]'].join('\n'));
    write(
      path.join(dir, 'middle.yaml'),
      [
        'base: images.yaml',
        'cpus: 2',
        'env: {A: middle, B: middle}',
        'provision:',
        '- script: "#!/bin/sh\\necho middle"',
        'mounts:',
        '- location: "~"',
        '  writable: true',
        '  9p: {msize: 256KiB}',
        'mountTypesUnsupported: [9p]',
      ].join('\n'),
    );
    const top = write(
      path.join(dir, 'top.yaml'),
      [
        'base: [./middle.yaml]',
        'cpus: 4',
        'minimumLimaVersion: 0.9.0',
        'env: {A: top}',
        'provision:',
        '- script: "#!/bin/sh\\necho top"',
        'mounts:',
        '- location: "~"',
        '  writable: false',
        '- location: /data',
      ].join('\n'),
    );
    const t = await resolveTemplate(top, opts());
    const doc = parse(t.text) as LimaYAML;
    expect(doc.base).toBeUndefined();
    expect(doc.cpus).toBe(4);
    expect(doc.minimumLimaVersion).toBe('1.0.0');
    expect(doc.env).toEqual({ A: 'top', B: 'middle' });
    expect(doc.images).toEqual([{ location: 'https://example.com/base.img', arch: 'x86_64' }]);
    expect(doc.provision?.map((p) => p.script)).toEqual(['#!/bin/sh\necho middle', '#!/bin/sh\necho top']);
    expect(doc.mounts).toEqual([{ location: '~', writable: false, '9p': { msize: '256KiB' } }, { location: '/data' }]);
    expect(doc.dns).toEqual(['1.1.1.1']);
    expect(doc.mountTypesUnsupported).toEqual(['9p']);
  });

  it('lets a * entry add fields to every earlier entry', async () => {
    const dir = path.join(tmp, 'wild');
    write(path.join(dir, 'base.yaml'), 'mounts:\n- location: "*"\n  writable: true\nnetworks:\n- interface: lima0\n  metric: 7\n');
    const top = write(path.join(dir, 'top.yaml'), 'base: base.yaml\nmounts:\n- location: /a\n- location: /b\n  writable: false\nnetworks:\n- interface: lima0\n  lima: shared\n');
    const doc = parse((await resolveTemplate(top, opts())).text) as LimaYAML;
    expect(doc.mounts).toEqual([{ location: '/a', writable: true }, { location: '/b', writable: false }]);
    expect(doc.networks).toEqual([{ interface: 'lima0', lima: 'shared', metric: 7 }]);
  });

  it('reports loops and base digests', async () => {
    const dir = path.join(tmp, 'loop');
    write(path.join(dir, 'a.yaml'), 'base: b.yaml\n');
    write(path.join(dir, 'b.yaml'), 'base: a.yaml\n');
    await expect(resolveTemplate(path.join(dir, 'a.yaml'), opts())).rejects.toThrow(`base template loop: "${path.join(dir, 'a.yaml')}" is already included`);
    write(path.join(dir, 'c.yaml'), 'base:\n- url: b.yaml\n  digest: sha256:00\n');
    await expect(resolveTemplate(path.join(dir, 'c.yaml'), opts())).rejects.toThrow('digests of base templates are not supported');
  });

  it('embeds the bundled docker template on top of ubuntu', async () => {
    const t = await resolveTemplate('template:docker', opts());
    const doc = parse(t.text) as LimaYAML;
    expect(t.name).toBe('docker');
    expect(doc.base).toBeUndefined();
    expect(doc.images?.some((i) => i.location?.includes('ubuntu-24.04'))).toBe(true);
    expect(doc.containerd).toEqual({ system: false, user: false });
    // The template's own comments survive embedding, the header included.
    expect(t.text.startsWith('# Ubuntu with Docker Engine')).toBe(true);
    expect(t.text).toContain('# Containers can reach services on your host under this name.\nhostResolver:');
    expect(t.text).not.toMatch(/^base:/m);
  });
});

describe('bundled templates', () => {
  const host: HostInfo = { os: 'linux', arch: 'x86_64', cpus: 4, memoryBytes: 8 * 1024 ** 3, homeDir: '/home/ada', userName: 'ada', uid: 1000, timezone: 'UTC' };
  const names = ['alpine', 'archlinux', 'debian', 'default', 'docker', 'fedora', 'ubuntu'];

  it('are listed, with building blocks hidden and local ones first', async () => {
    write(path.join(limaHome, '_templates', 'ubuntu.yaml'), 'cpus: 1\n');
    write(path.join(limaHome, '_templates', 'team', 'dev.yaml'), 'cpus: 1\n');
    write(path.join(limaHome, '_templates', '_parts', 'x.yaml'), 'cpus: 1\n');
    const list = await listTemplates(opts());
    expect(list.map((t) => t.name)).toEqual([...names.slice(0, 6), 'team/dev', 'ubuntu']);
    expect(list.find((t) => t.name === 'ubuntu')?.file).toBe(path.join(limaHome, '_templates', 'ubuntu.yaml'));
  });

  it.each(names)('%s fills cleanly and has images for x86_64 and aarch64', async (name) => {
    const t = await resolveTemplate(`template:${name}`, opts());
    const doc = parse(t.text) as LimaYAML;
    const { config, warnings } = fillDefaults(doc, { host, instanceDir: path.join(limaHome, name) });
    expect(warnings).toEqual([]);
    for (const arch of ['x86_64', 'aarch64'] as const) {
      expect(config.images.filter((i) => i.arch === arch).length).toBeGreaterThan(0);
    }
    for (const image of config.images) {
      expect(image.location).toMatch(/^https:\/\//);
      if (image.digest !== undefined) expect(image.digest).toMatch(/^sha(256:[0-9a-f]{64}|512:[0-9a-f]{128})$/);
    }
  });

  it.each(names)('%s loads and validates without errors', async (name) => {
    const t = await resolveTemplate(`template:${name}`, opts());
    const file = write(path.join(tmp, name, 'lima.yaml'), t.text);
    const result = await loadLimaYaml({ file, limaHome, host, instanceDir: path.join(limaHome, name) });
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.config?.images.length).toBeGreaterThan(0);
  });
});
