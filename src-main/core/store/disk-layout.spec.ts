import { execFileSync } from 'node:child_process';
import { lstat, mkdtemp, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDiskLayout, isISO9660, migrateDiskLayout } from './disk-layout';
import { useTempDir } from '../../../test/support/temp-dir';

let dir: string;
useTempDir('disklayout-', (d) => (dir = d));

/** A real ISO9660 image made by genisoimage. */
async function makeIso(file: string): Promise<void> {
  const src = await mkdtemp(path.join(tmpdir(), 'isosrc-'));
  await writeFile(path.join(src, 'hello.txt'), 'hello\n');
  execFileSync('genisoimage', ['-quiet', '-V', 'TESTCD', '-o', file, src]);
  await rm(src, { recursive: true, force: true });
}

function qemuImgCreate(file: string, ...extra: string[]): void {
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', ...extra, file, '64M']);
}

async function isSymlinkTo(file: string, target: string): Promise<boolean> {
  return (await lstat(file)).isSymbolicLink() && (await readlink(file)) === target;
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

describe('isISO9660', () => {
  it('recognises a real ISO and rejects a qcow2 and a short file', async () => {
    await makeIso(path.join(dir, 'a.iso'));
    qemuImgCreate(path.join(dir, 'b.qcow2'));
    await writeFile(path.join(dir, 'c'), 'tiny');
    expect(await isISO9660(path.join(dir, 'a.iso'))).toBe(true);
    expect(await isISO9660(path.join(dir, 'b.qcow2'))).toBe(false);
    expect(await isISO9660(path.join(dir, 'c'))).toBe(false);
  });
});

describe('migrateDiskLayout (Lima disk_test cases)', () => {
  it('links disk → diffdisk for a legacy qcow2 pair, leaving basedisk as the backing file', async () => {
    qemuImgCreate(path.join(dir, 'basedisk'));
    qemuImgCreate(path.join(dir, 'diffdisk'), '-F', 'qcow2', '-b', path.join(dir, 'basedisk'));
    expect(await detectDiskLayout(dir)).toBe('legacy');

    await migrateDiskLayout(dir);

    expect(await isSymlinkTo(path.join(dir, 'disk'), 'diffdisk')).toBe(true);
    expect(await exists(path.join(dir, 'iso'))).toBe(false);
    expect((await lstat(path.join(dir, 'basedisk'))).isFile()).toBe(true);
    expect(await detectDiskLayout(dir)).toBe('current');
    // The link really reaches the qcow2 through the symlink.
    const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', '-U', path.join(dir, 'disk')], { encoding: 'utf8' }));
    expect(info['backing-filename']).toBe(path.join(dir, 'basedisk'));
  });

  it('links iso → basedisk when basedisk is an ISO', async () => {
    await makeIso(path.join(dir, 'basedisk'));
    qemuImgCreate(path.join(dir, 'diffdisk'));
    await migrateDiskLayout(dir);
    expect(await isSymlinkTo(path.join(dir, 'iso'), 'basedisk')).toBe(true);
    expect(await isSymlinkTo(path.join(dir, 'disk'), 'diffdisk')).toBe(true);
  });

  it('leaves an existing iso alone', async () => {
    await makeIso(path.join(dir, 'basedisk'));
    await writeFile(path.join(dir, 'iso'), 'mine');
    await migrateDiskLayout(dir);
    expect(await readFile(path.join(dir, 'iso'), 'utf8')).toBe('mine');
  });

  it('touches nothing in an already migrated directory', async () => {
    qemuImgCreate(path.join(dir, 'disk'));
    qemuImgCreate(path.join(dir, 'diffdisk'));
    await makeIso(path.join(dir, 'basedisk'));
    const before = await stat(path.join(dir, 'disk'));
    await migrateDiskLayout(dir);
    expect((await lstat(path.join(dir, 'disk'))).isFile()).toBe(true);
    expect((await stat(path.join(dir, 'disk'))).mtimeMs).toBe(before.mtimeMs);
    expect(await exists(path.join(dir, 'iso'))).toBe(false);
  });

  it('does nothing for an instance without any disk yet', async () => {
    expect(await detectDiskLayout(dir)).toBe('none');
    await migrateDiskLayout(dir);
    expect(await exists(path.join(dir, 'disk'))).toBe(false);
  });
});
