import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  absoluteLocator, instanceNameFromImageUrl, locatorBase, parseLocator, readLocator, TEMPLATE_SIZE_LIMIT,
} from './template-locator';

let tmp: string;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/t/dev.yaml') res.end('cpus: 3\n');
    else if (req.url === '/big.yaml') res.end(`# ${'x'.repeat(TEMPLATE_SIZE_LIMIT)}\n`);
    else {
      res.statusCode = 404;
      res.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'limadesk-locator-'));
});

afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const opts = (env: Record<string, string> = {}) => ({ limaHome: path.join(tmp, 'lima'), env: { PATH: '/nonexistent', ...env } });

describe('parseLocator', () => {
  it('knows template names, URLs, file URLs, image URLs and paths', () => {
    expect(parseLocator('template:_images/ubuntu-24.04')).toEqual({ kind: 'template', name: '_images/ubuntu-24.04', locator: 'template:_images/ubuntu-24.04' });
    expect(parseLocator('https://example.com/t.yaml')).toMatchObject({ kind: 'url', url: 'https://example.com/t.yaml' });
    expect(parseLocator('file:///srv/t/dev.yaml')).toMatchObject({ kind: 'file', path: '/srv/t/dev.yaml' });
    expect(parseLocator('https://example.com/lima-linux-riscv64.img')).toMatchObject({ kind: 'image' });
    expect(parseLocator('t/dev.yaml')).toMatchObject({ kind: 'file', path: path.resolve('t/dev.yaml') });
  });

  it('rewrites template://NAME with Lima\'s warning', () => {
    const warnings: string[] = [];
    expect(parseLocator('template://experimental/vnc', warnings)).toMatchObject({ kind: 'template', name: 'experimental/vnc' });
    expect(warnings).toEqual(['Template locator "template://experimental/vnc" should be written "template:experimental/vnc" since Lima v2.0']);
  });

  it('explains what it cannot read', () => {
    expect(() => parseLocator('')).toThrow('empty template locator');
    expect(() => parseLocator('template:')).toThrow('names no template');
    expect(() => parseLocator('-')).toThrow('standard input');
    expect(() => parseLocator('file://relative/x.yaml')).toThrow('is not an absolute path');
    expect(() => parseLocator('github:lima-vm/lima/templates/docker')).toThrow('github: locators are not supported');
  });
});

describe('relative locators', () => {
  it('resolve against the directory of the template that names them, whatever kind it is', () => {
    expect(locatorBase('/srv/t/top.yaml')).toBe('/srv/t');
    expect(locatorBase('template:docker')).toBe('template:');
    expect(locatorBase('template:experimental/vnc')).toBe('template:experimental');
    expect(locatorBase('https://example.com/t/top.yaml')).toBe('https://example.com/t');
    expect(locatorBase('file:///srv/t/top.yaml')).toBe('file:///srv/t');

    expect(absoluteLocator('base.yaml', '/srv/t')).toBe('/srv/t/base.yaml');
    expect(absoluteLocator('./parts/base.yaml', '/srv/t')).toBe('/srv/t/parts/base.yaml');
    expect(absoluteLocator('x.yaml', 'template:')).toBe('template:x.yaml');
    expect(absoluteLocator('x.yaml', 'template:experimental')).toBe('template:experimental/x.yaml');
    expect(absoluteLocator('x.yaml', 'https://example.com/t')).toBe('https://example.com/t/x.yaml');
    expect(absoluteLocator('x.yaml', 'file:///srv/t')).toBe('file:///srv/t/x.yaml');
    expect(absoluteLocator('template:default', '/srv/t')).toBe('template:default');
    expect(absoluteLocator('/abs/x.yaml', '/srv/t')).toBe('/abs/x.yaml');
    expect(absoluteLocator('~/x.yaml', '/srv/t')).toBe(path.join(os.homedir(), 'x.yaml'));
  });

  it('may not climb out with ..', () => {
    expect(() => absoluteLocator('../x.yaml', '/srv/t')).toThrow("relative locator path \"../x.yaml\" must not contain '..' path segments");
  });
});

describe('readLocator', () => {
  it('reads files and file URLs and suggests the instance name', async () => {
    const file = path.join(tmp, 'My-Box.YAML');
    writeFileSync(file, 'memory: 2GiB\n');
    expect(await readLocator(file, opts())).toEqual({ locator: file, text: 'memory: 2GiB\n', name: 'my-box', source: file });
    expect(await readLocator(`file://${file}`, opts())).toMatchObject({ text: 'memory: 2GiB\n', name: 'my-box' });
    await expect(readLocator(path.join(tmp, 'nope.yaml'), opts())).rejects.toThrow('does not exist');
  });

  it('downloads https/http templates, refusing errors and anything over 4 MiB', async () => {
    expect(await readLocator(`${baseUrl}/t/dev.yaml`, opts())).toEqual({ locator: `${baseUrl}/t/dev.yaml`, text: 'cpus: 3\n', name: 'dev', source: `${baseUrl}/t/dev.yaml` });
    await expect(readLocator(`${baseUrl}/missing.yaml`, opts())).rejects.toThrow('HTTP 404');
    await expect(readLocator(`${baseUrl}/big.yaml`, opts())).rejects.toThrow('larger than the limit of 4194304 bytes');
  });

  it('refuses local templates over 4 MiB before reading them', async () => {
    const file = path.join(tmp, 'big.yaml');
    writeFileSync(file, `# ${'x'.repeat(TEMPLATE_SIZE_LIMIT)}\n`);
    await expect(readLocator(file, opts())).rejects.toThrow('the limit is 4194304 bytes (4 MiB)');
  });

  it('turns an image URL into a template of that image, named as Lima names it', async () => {
    const warnings: string[] = [];
    const t = await readLocator('https://example.com/images/debian-13-genericcloud-arm64-20250101-1234.qcow2', { ...opts(), hostArch: 'x86_64', warnings });
    expect(t.text).toBe('os: "Linux"\narch: "aarch64"\nimages:\n- location: "https://example.com/images/debian-13-genericcloud-arm64-20250101-1234.qcow2"\n  arch: "aarch64"\n');
    expect(t.name).toBe('debian-13-arm64');
    expect(warnings).toEqual([]);
    expect(instanceNameFromImageUrl('https://x/Fedora-Cloud-Base-Generic-44-1.7.x86_64.qcow2', 'x86_64', true)).toBe('fedora-44-1.7');
    await readLocator('https://example.com/disk.raw', { ...opts(), hostArch: 'aarch64', warnings });
    expect(warnings).toEqual(['cannot determine image arch from URL "https://example.com/disk.raw"; assuming "aarch64"']);
  });

  it('runs a limactl-url-SCHEME plugin for custom schemes, as Lima does', async () => {
    const target = path.join(tmp, 'from-plugin.yaml');
    writeFileSync(target, 'cpus: 5\n');
    const bin = path.join(tmp, 'prefix', 'bin');
    const libexec = path.join(tmp, 'prefix', 'libexec', 'lima');
    mkdirSync(bin, { recursive: true });
    mkdirSync(libexec, { recursive: true });
    writeFileSync(path.join(bin, 'limactl'), '#!/bin/sh\n');
    chmodSync(path.join(bin, 'limactl'), 0o755);
    // The plugin lives in the installation's libexec/lima, not on PATH, like Lima's fedora-rawhide one.
    writeFileSync(path.join(libexec, 'limactl-url-demo'), `#!/bin/sh\n[ "$1" = "_images/demo" ] || { echo "bad argument $1" >&2; exit 3; }\necho ${target}\n`);
    chmodSync(path.join(libexec, 'limactl-url-demo'), 0o755);
    const o = opts({ PATH: `${bin}${path.delimiter}/usr/bin${path.delimiter}/bin` });
    expect(await readLocator('demo:_images/demo', o)).toMatchObject({ text: 'cpus: 5\n', source: target });
    await expect(readLocator('demo:other', o)).rejects.toThrow('bad argument other');
    await expect(readLocator('nosuch:x', o)).rejects.toThrow('no limactl-url-nosuch plugin found');
  });
});
