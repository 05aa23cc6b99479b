import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HostInfo } from './host';
import { describeTemplates } from './template-info';
import { validateTemplate } from './template-validate';
import { listTemplates, resolveTemplate } from './templates';
import type { LimaYAML } from './types';

const host: HostInfo = { os: 'linux', arch: 'x86_64', cpus: 4, memoryBytes: 8 * 1024 ** 3, homeDir: '/home/ada', userName: 'ada', uid: 1000, timezone: 'UTC' };
let tmp: string;
let limaHome: string;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/remote/base.yaml') res.end('base: parts/images.yaml\ncpus: 2\n');
    else if (req.url === '/remote/parts/images.yaml') res.end('images:\n- location: https://example.com/remote.img\n  arch: x86_64\n');
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

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

const opts = (env: Record<string, string> = {}) => ({ limaHome, env: { PATH: '/nonexistent', ...env } });
const IMAGE = 'images:\n- location: https://example.com/x.img\n  arch: x86_64\n';

describe('base: in every form Lima reads', () => {
  it('embeds a string, a list, {url}, template:, template://, relative paths, file:// and https', async () => {
    const store = path.join(tmp, 'store');
    write(path.join(store, '_images', 'distro-1.2.yaml'), IMAGE);
    write(path.join(store, '_default', 'mounts.yaml'), 'mounts:\n- location: "~"\n');
    write(path.join(store, 'legacy.yaml'), 'memory: 3GiB\n');
    const dir = path.join(tmp, 'project');
    write(path.join(dir, 'parts', 'env.yaml'), 'env: {FROM: parts}\n');
    write(path.join(dir, 'abs.yaml'), 'disk: 20GiB\n');
    const top = write(path.join(dir, 'top.yaml'), [
      'base:',
      '- template:_images/distro-1.2',
      '- template://_default/mounts',
      '- {url: template:legacy}',
      '- ./parts/env.yaml',
      `- file://${path.join(dir, 'abs.yaml')}`,
      `- ${baseUrl}/remote/base.yaml`,
      'cpus: 1',
    ].join('\n'));
    const t = await resolveTemplate(top, opts({ LIMA_TEMPLATES_PATH: store }));
    const doc = parse(t.text) as LimaYAML;
    expect(doc).toEqual({
      cpus: 1,
      images: [{ location: 'https://example.com/x.img', arch: 'x86_64' }, { location: 'https://example.com/remote.img', arch: 'x86_64' }],
      mounts: [{ location: '~' }],
      memory: '3GiB',
      env: { FROM: 'parts' },
      disk: '20GiB',
    });
    expect(t.warnings).toEqual(['Template locator "template://_default/mounts" should be written "template:_default/mounts" since Lima v2.0']);
    expect(t.layers.map((l) => l.source)).toEqual([
      top, path.join(store, '_images', 'distro-1.2.yaml'), path.join(store, '_default', 'mounts.yaml'), path.join(store, 'legacy.yaml'),
      path.join(dir, 'parts', 'env.yaml'), path.join(dir, 'abs.yaml'), `${baseUrl}/remote/base.yaml`, `${baseUrl}/remote/parts/images.yaml`,
    ]);
  });

  it('a base string instead of a list, relative to a template in the store', async () => {
    const store = path.join(tmp, 'store');
    write(path.join(store, 'team', 'dev.yaml'), 'base: common.yaml\ncpus: 2\n');
    write(path.join(store, 'team', 'common.yaml'), IMAGE);
    const doc = parse((await resolveTemplate('template:team/dev', opts({ LIMA_TEMPLATES_PATH: store }))).text) as LimaYAML;
    expect(doc).toMatchObject({ cpus: 2, images: [{ arch: 'x86_64' }] });
  });

  it('reports a base loop with the chain of templates', async () => {
    const dir = path.join(tmp, 'loop');
    const a = write(path.join(dir, 'a.yaml'), 'base: b.yaml\n');
    write(path.join(dir, 'b.yaml'), 'base: c.yaml\n');
    write(path.join(dir, 'c.yaml'), 'base: a.yaml\n');
    await expect(resolveTemplate(a, opts())).rejects.toThrow(
      `base template loop detected: template "${a}" is already included (${a} → ${path.join(dir, 'b.yaml')} → ${path.join(dir, 'c.yaml')} → ${a})`,
    );
  });

  it('names a missing base, the search path, and what exists', async () => {
    const top = write(path.join(tmp, 'top.yaml'), 'base: template:_images/nosuch-1.0\n');
    await expect(resolveTemplate(top, opts())).rejects.toThrow(/template "_images\/nosuch-1\.0" not found[\s\S]*searched: [\s\S]*templates in _images\/: /);
  });

  it('embeds $LIMA_HOME/_config/base.yaml first when creating, not when validating', async () => {
    write(path.join(limaHome, '_config', 'base.yaml'), 'cpus: 7\nenv: {ORG: acme}\n');
    const top = write(path.join(tmp, 'top.yaml'), `${IMAGE}cpus: 1\n`);
    expect(parse((await resolveTemplate(top, opts())).text)).toMatchObject({ cpus: 1, env: { ORG: 'acme' } });
    expect(parse((await resolveTemplate(top, { ...opts(), defaultBase: false })).text)).not.toHaveProperty('env');
    expect((await validateTemplate(top, { ...opts(), host })).config?.env).toEqual({});
  });

  it('leaves a template without bases, scripts or duplicates byte for byte', async () => {
    const text = '# mine\ncpus:   2   # two\n';
    const file = write(path.join(tmp, 'plain.yaml'), text);
    expect((await resolveTemplate(file, opts())).text).toBe(text);
  });
});

describe('validateTemplate, as limactl validate', () => {
  it('validates the embedded result and points each issue at the file that holds the value', async () => {
    const dir = path.join(tmp, 'v');
    const base = write(path.join(dir, 'base.yaml'), `${IMAGE}memory: lots\nportForwards:\n- guestPort: 22\n`);
    const top = write(path.join(dir, 'top.yaml'), 'base: base.yaml\ncpus: 2\nportForwards:\n- guestPort: 8080\n  hostPort: 80800\n');
    const result = await validateTemplate(top, { ...opts(), host, warn: false });
    expect(result.name).toBe('top');
    const errors = result.issues.filter((i) => i.severity === 'error').map((i) => `${path.basename(i.file ?? '')}:${i.line}: ${i.field}: ${i.message}`);
    // One error per written value (not one per range a port fills), the template's file first, in line order.
    expect(errors).toEqual([
      'top.yaml:5: portForwards[0].hostPort: field `portForwards[0].hostPort` must be < 65536',
      expect.stringMatching(/^base\.yaml:4: memory: field `memory` has an invalid value/),
      'base.yaml:6: portForwards[1].guestPort: field `portForwards[1].guestPort` must not be 22',
    ]);
    expect(result.config).toBeUndefined();
    expect(base).toBe(path.join(dir, 'base.yaml'));
  });

  it('validates an editor buffer as if it were the file it came from', async () => {
    const dir = path.join(tmp, 'buffer');
    write(path.join(dir, 'images.yaml'), IMAGE);
    const file = path.join(dir, 'edited.yaml');
    const result = await validateTemplate(file, { ...opts(), host, text: 'base: images.yaml\ncpus: -1\n' });
    expect(result.name).toBe('edited');
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({ file, line: 2, field: 'cpus', message: 'field `cpus` must be a positive number, got -1' }),
    ]);
  });

  it('turns a template that cannot be read into an issue', async () => {
    const result = await validateTemplate('template:nosuch', { ...opts(), host });
    expect(result.issues).toEqual([expect.objectContaining({ severity: 'error', file: 'template:nosuch', message: expect.stringContaining('template "nosuch" not found') })]);
    const loop = write(path.join(tmp, 'self.yaml'), 'base: self.yaml\n');
    expect((await validateTemplate(loop, { ...opts(), host })).issues).toEqual([expect.objectContaining({ field: 'base', message: expect.stringContaining('loop detected') })]);
  });
});

describe('bundled templates', () => {
  const names = [
    'almalinux', 'alpine', 'archlinux', 'debian', 'debian-12', 'debian-13', 'default', 'docker', 'docker-rootful', 'experimental/opensuse-tumbleweed',
    'experimental/vnc', 'fedora', 'k3s', 'opensuse', 'podman', 'podman-rootful', 'rocky', 'ubuntu', 'ubuntu-24.04', 'ubuntu-26.04', 'ubuntu-lts',
  ];

  it('are listed, building blocks hidden and local ones first', async () => {
    write(path.join(limaHome, '_templates', 'ubuntu.yaml'), 'cpus: 1\n');
    write(path.join(limaHome, '_templates', 'team', 'dev.yaml'), 'cpus: 1\n');
    write(path.join(limaHome, '_templates', '_parts', 'x.yaml'), 'cpus: 1\n');
    const list = await listTemplates(opts());
    expect(list.map((t) => t.name)).toEqual([...names.slice(0, 17), 'team/dev', ...names.slice(17)]);
    expect(list.find((t) => t.name === 'ubuntu')?.file).toBe(path.join(limaHome, '_templates', 'ubuntu.yaml'));
  });

  it.each(names)('%s validates with no errors or warnings and has images for x86_64 and aarch64', async (name) => {
    const result = await validateTemplate(`template:${name}`, { ...opts(), host: { ...host, homeDir: os.homedir() }, warn: false });
    expect(result.issues).toEqual([]);
    for (const arch of ['x86_64', 'aarch64'] as const) expect(result.config?.images.some((i) => i.arch === arch)).toBe(true);
    for (const image of result.config?.images ?? []) {
      expect(image.location).toMatch(/^https:\/\//);
      if (image.digest !== undefined) expect(image.digest).toMatch(/^sha(256:[0-9a-f]{64}|512:[0-9a-f]{128})$/);
    }
    // Each says what it is in its first line.
    const own = readFileSync(path.resolve(__dirname, '../../../assets/templates', `${name}.yaml`), 'utf8');
    expect(own).toMatch(/^# \S.{20,}/);
  });

  it('are described with OS, distribution, description and message', async () => {
    const described = await describeTemplates(opts());
    const byName = new Map(described.map((d) => [d.name, d]));
    expect(byName.get('docker')).toMatchObject({ os: 'Linux', distro: 'Ubuntu 26.04', description: expect.stringContaining('Docker'), message: expect.stringContaining('docker context create') });
    expect(byName.get('ubuntu-24.04')).toMatchObject({ os: 'Linux', distro: 'Ubuntu 24.04' });
    expect(byName.get('podman')).toMatchObject({ distro: 'Fedora 44', message: expect.stringContaining('podman system connection') });
    expect(byName.get('alpine')).toMatchObject({ distro: 'Alpine 3.23' });
    expect(byName.get('debian')).toMatchObject({ distro: 'Debian 13' });
    expect(byName.get('k3s')?.message).toContain('KUBECONFIG');
    expect(described.every((d) => d.description !== '' && d.error === undefined)).toBe(true);
  });
});
