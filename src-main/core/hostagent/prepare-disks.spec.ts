import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger';
import type { FilledLimaYAML, Image } from '../config/types';
import { prepareImage } from './prepare-disks';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'limadesk-prep-'));
  dir = path.join(root, 'vm');
  await mkdir(dir);
  await writeFile(path.join(root, 'base.img'), 'IMAGE');
  await writeFile(path.join(root, 'vmlinuz'), 'KERNEL');
  await writeFile(path.join(root, 'initrd.img'), 'INITRD');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const config = (images: Image[]): FilledLimaYAML => ({ arch: 'x86_64', images }) as unknown as FilledLimaYAML;

describe('prepareImage', () => {
  it('copies a local image, kernel, command line and initrd into the instance directory', async () => {
    const sha = createHash('sha256').update('IMAGE').digest('hex');
    await prepareImage(
      dir,
      config([
        { location: path.join(root, 'base.img'), arch: 'aarch64' },
        {
          location: pathToFileURL(path.join(root, 'base.img')).href,
          digest: `sha256:${sha}`,
          kernel: { location: path.join(root, 'vmlinuz'), cmdline: 'console=ttyS0' },
          initrd: { location: path.join(root, 'initrd.img') },
        },
      ]),
      silentLogger,
    );
    expect(await readFile(path.join(dir, 'image'), 'utf8')).toBe('IMAGE');
    expect(await readFile(path.join(dir, 'kernel'), 'utf8')).toBe('KERNEL');
    expect(await readFile(path.join(dir, 'kernel.cmdline'), 'utf8')).toBe('console=ttyS0');
    expect(await readFile(path.join(dir, 'initrd'), 'utf8')).toBe('INITRD');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('does nothing once a disk exists', async () => {
    await writeFile(path.join(dir, 'disk'), 'DISK');
    await prepareImage(dir, config([{ location: '/nonexistent' }]), silentLogger);
    expect(await readdir(dir)).toEqual(['disk']);
  });

  it('downloads a remote image through the cache given by the options', async () => {
    const server = http.createServer((_req, res) => res.end('REMOTE-IMAGE'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.img`;
      await prepareImage(dir, config([{ location: url }]), silentLogger, { cacheDir: path.join(root, 'cache') });
      expect(await readFile(path.join(dir, 'image'), 'utf8')).toBe('REMOTE-IMAGE');
      expect(await readdir(path.join(root, 'cache', 'download', 'by-url-sha256'))).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it('rejects a digest mismatch and leaves no image behind', async () => {
    await expect(
      prepareImage(dir, config([{ location: path.join(root, 'base.img'), digest: `sha256:${'0'.repeat(64)}` }]), silentLogger),
    ).rejects.toThrow('expected digest');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a config without an image for the arch', async () => {
    await expect(prepareImage(dir, config([{ location: '/x', arch: 'riscv64' }]), silentLogger)).rejects.toThrow('no images are configured');
  });
});
