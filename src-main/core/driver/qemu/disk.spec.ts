import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/logger';
import { ensureDisk, lockAdditionalDisks, prepareDisk, unlockAdditionalDisks } from './disk';
import { qemuImgInfo } from './qemu-img';
import { execFileRunner, type Runner } from './runner';

const MiB = 1024 * 1024;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'limadesk-disk-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function qemuImg(...args: string[]): void {
  execFileSync('qemu-img', args, { stdio: 'pipe' });
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(() => true, () => false);
}

describe('ensureDisk (real qemu-img)', () => {
  it('renames a qcow2 image to disk, keeping its format, then grows it', async () => {
    qemuImg('create', '-f', 'qcow2', path.join(dir, 'image'), String(64 * MiB));
    await ensureDisk(dir, 128 * MiB, execFileRunner, silentLogger);
    expect(await exists(path.join(dir, 'image'))).toBe(false);
    expect((await qemuImgInfo(execFileRunner, path.join(dir, 'disk'))).format).toBe('qcow2');
    await prepareDisk(dir, 128 * MiB, execFileRunner, silentLogger);
    expect((await qemuImgInfo(execFileRunner, path.join(dir, 'disk'))).virtualSize).toBe(128 * MiB);
  });

  it('reads a qcow2 disk of the right size off its header, without running qemu-img', async () => {
    qemuImg('create', '-f', 'qcow2', path.join(dir, 'disk'), String(96 * MiB));
    const refusing: typeof execFileRunner = async () => {
      throw new Error('qemu-img must not run');
    };
    await prepareDisk(dir, 96 * MiB, refusing, silentLogger);
    // A size that differs still goes through qemu-img, which grows the disk.
    await prepareDisk(dir, 128 * MiB, execFileRunner, silentLogger);
    expect((await qemuImgInfo(execFileRunner, path.join(dir, 'disk'))).virtualSize).toBe(128 * MiB);
  });

  it('grows a raw disk with -f raw and refuses to shrink', async () => {
    qemuImg('create', '-f', 'raw', path.join(dir, 'image'), String(32 * MiB));
    await ensureDisk(dir, 64 * MiB, execFileRunner, silentLogger);
    await prepareDisk(dir, 64 * MiB, execFileRunner, silentLogger);
    const info = await qemuImgInfo(execFileRunner, path.join(dir, 'disk'));
    expect([info.format, info.virtualSize]).toEqual(['raw', 64 * MiB]);
    await expect(prepareDisk(dir, 16 * MiB, execFileRunner, silentLogger)).rejects.toThrow('disk shrinking is not supported');
  });

  it('an ISO image (genisoimage) becomes iso next to a blank qcow2 disk', async () => {
    const src = path.join(dir, 'src');
    await mkdir(src);
    await writeFile(path.join(src, 'hello.txt'), 'hi');
    execFileSync('genisoimage', ['-quiet', '-V', 'TEST', '-o', path.join(dir, 'image'), src]);
    await ensureDisk(dir, 48 * MiB, execFileRunner, silentLogger);
    expect(await exists(path.join(dir, 'iso'))).toBe(true);
    const info = await qemuImgInfo(execFileRunner, path.join(dir, 'disk'));
    expect([info.format, info.virtualSize]).toEqual(['qcow2', 48 * MiB]);
  });

  it('renames the ISO back when qemu-img create fails', async () => {
    const iso = Buffer.alloc(0x8800);
    iso.write('CD001', 0x8001, 'latin1');
    await writeFile(path.join(dir, 'image'), iso);
    const failingCreate: Runner = async (file, args, options) =>
      args[0] === 'create' ? { code: 1, stdout: '', stderr: 'no space left on device' } : execFileRunner(file, args, options);
    await expect(ensureDisk(dir, 48 * MiB, failingCreate, silentLogger)).rejects.toThrow('no space left on device');
    expect(await exists(path.join(dir, 'image'))).toBe(true);
    expect(await exists(path.join(dir, 'iso'))).toBe(false);
  });

  it('says where the ISO is when moving it back fails too, and logs it', async () => {
    const iso = Buffer.alloc(0x8800);
    iso.write('CD001', 0x8001, 'latin1');
    await writeFile(path.join(dir, 'image'), iso);
    // The disk cannot be made, and something has taken the image's name meanwhile.
    const failingCreate: Runner = async (file, args, options) => {
      if (args[0] !== 'create') return execFileRunner(file, args, options);
      await mkdir(path.join(dir, 'image', 'occupied'), { recursive: true });
      return { code: 1, stdout: '', stderr: 'no space left on device' };
    };
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string, f?: Record<string, unknown>) => void warnings.push(`${m} ${JSON.stringify(f)}`) };
    const failure = await ensureDisk(dir, 48 * MiB, failingCreate, logger).catch((err: Error) => err);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/no space left on device/);
    expect((failure as Error).message).toContain(`left at ${path.join(dir, 'iso')}`);
    expect(await exists(path.join(dir, 'iso'))).toBe(true);
    expect(warnings.join('\n')).toContain(path.join(dir, 'iso'));
  });

  it('rejects a base image with a backing file', async () => {
    qemuImg('create', '-f', 'qcow2', path.join(dir, 'base.qcow2'), String(16 * MiB));
    qemuImg('create', '-f', 'qcow2', '-F', 'qcow2', '-b', path.join(dir, 'base.qcow2'), path.join(dir, 'image'));
    await expect(ensureDisk(dir, 16 * MiB, execFileRunner, silentLogger)).rejects.toThrow(/base disk \(.*image\) must not have a backing file/);
    expect(await exists(path.join(dir, 'disk'))).toBe(false);
  });

  it('leaves an existing disk alone and explains a missing image', async () => {
    await expect(ensureDisk(dir, MiB, execFileRunner, silentLogger)).rejects.toThrow('the image must be prepared first');
    await writeFile(path.join(dir, 'disk'), 'not touched');
    await ensureDisk(dir, MiB, execFileRunner, silentLogger);
  });

  it('legacy layout: diffdisk over basedisk, disk symlinked to it', async () => {
    qemuImg('create', '-f', 'raw', path.join(dir, 'basedisk'), String(16 * MiB));
    await ensureDisk(dir, 32 * MiB, execFileRunner, silentLogger);
    expect(await readlink(path.join(dir, 'disk'))).toBe('diffdisk');
    const info = await qemuImgInfo(execFileRunner, path.join(dir, 'diffdisk'));
    expect([info.format, info.virtualSize, info.backingFilename]).toEqual(['qcow2', 32 * MiB, path.join(dir, 'basedisk')]);
  });
});

describe('additional disk locks', () => {
  it('locks with in_use_by, allows the same instance again, refuses another', async () => {
    const home = dir;
    const a = path.join(home, 'a');
    const b = path.join(home, 'b');
    await mkdir(path.join(home, '_disks', 'data'), { recursive: true });
    qemuImg('create', '-f', 'qcow2', path.join(home, '_disks', 'data', 'datadisk'), String(MiB));
    await lockAdditionalDisks(home, a, ['data']);
    expect(await readlink(path.join(home, '_disks', 'data', 'in_use_by'))).toBe(a);
    await lockAdditionalDisks(home, a, [{ name: 'data' }]);
    await expect(lockAdditionalDisks(home, b, ['data'])).rejects.toThrow('in use by instance "a"');
    await unlockAdditionalDisks(home, b, ['data']);
    expect(await exists(path.join(home, '_disks', 'data', 'in_use_by'))).toBe(true);
    await unlockAdditionalDisks(home, a, ['data']);
    expect(await exists(path.join(home, '_disks', 'data', 'in_use_by'))).toBe(false);
    await symlink(b, path.join(home, '_disks', 'data', 'in_use_by'));
    await expect(lockAdditionalDisks(home, a, ['data'])).rejects.toThrow('in use by instance "b"');
    await expect(lockAdditionalDisks(home, a, ['missing'])).rejects.toThrow('additional disk "missing"');
  });
});
