import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { DiskStore } from './disk-store';
import { DiskExistsError, DiskNotFoundError, DiskRequestError, DiskStateError } from './errors';
import { moveDiskLock } from './disk-lock';

let home: string;
useTempDir('disks-', (d) => (home = d));

const GiB = 1024 ** 3;

/** An instance directory whose lima.yaml names `disks` in additionalDisks (no VM: it reads as Stopped). */
async function instanceNaming(name: string, disks: string[]): Promise<string> {
  const dir = path.join(home, name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'lima.yaml'),
    `images: [{location: /x.qcow2, arch: x86_64}]\narch: x86_64\nadditionalDisks: ${JSON.stringify(disks)}\n`,
  );
  return dir;
}

describe('DiskStore (real qemu-img)', () => {
  it('creates qcow2 and raw disks with the size asked for, as Lima lays them out', async () => {
    const store = new DiskStore(home);
    const data = await store.create('data', '2GiB');
    expect(data).toMatchObject({ name: 'data', size: 2 * GiB, format: 'qcow2', dir: path.join(home, '_disks', 'data'), instance: '', mountPoint: '/mnt/lima-data', referencedBy: [] });
    // A fresh image takes almost nothing on the host.
    expect(data.sizeOnDisk).toBeLessThan(2 * 1024 * 1024);
    expect(await readdir(data.dir)).toEqual(['datadisk']);
    const raw = await store.create('scratch', '512M', 'raw');
    expect(raw).toMatchObject({ size: 512 * 1024 * 1024, format: 'raw' });
    expect((await store.list()).map((d) => d.name)).toEqual(['data', 'scratch']);
    const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', path.join(data.dir, 'datadisk')], { encoding: 'utf8' })) as { format: string; 'virtual-size': number };
    expect(info).toMatchObject({ format: 'qcow2', 'virtual-size': 2 * GiB });
  });

  it.each(['-1', 'lots', '0', ''])('refuses the size %j with the value in the message, making nothing', async (size) => {
    const err = await new DiskStore(home).create('data', size).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiskRequestError);
    expect((err as Error).message).toContain(`disk size ${JSON.stringify(size)}`);
    expect(await readdir(home)).toEqual([]);
  });

  it('refuses an unknown format, a bad name and an existing disk', async () => {
    const store = new DiskStore(home);
    await expect(store.create('data', '1G', 'vmdk')).rejects.toThrow('disk format `vmdk` not supported, use `qcow2` or `raw` instead');
    await expect(store.create('../evil', '1G')).rejects.toThrow(/invalid disk name "\.\.\/evil"/);
    await store.create('data', '1G');
    await expect(store.create('data', '1G')).rejects.toBeInstanceOf(DiskExistsError);
  });

  it('removes the half-made directory when the image tool fails', async () => {
    const store = new DiskStore(home, {
      imageTool: {
        create: () => Promise.reject(new Error('qemu-img: No space left on device')),
        resize: () => Promise.resolve(),
        info: () => Promise.resolve({ format: 'qcow2', virtualSize: 0 }),
        setBackingFile: () => Promise.resolve(),
      },
    });
    await expect(store.create('data', '1G')).rejects.toThrow('No space left on device');
    expect(await readdir(path.join(home, '_disks'))).toEqual([]);
  });

  it('names the instance that holds a disk, and the instances that name it', async () => {
    const store = new DiskStore(home);
    const disk = await store.create('data', '1G');
    const vm1 = await instanceNaming('vm1', ['data']);
    await instanceNaming('vm2', ['data', 'other']);
    await symlink(vm1, path.join(disk.dir, 'in_use_by'));
    expect(await store.inspect('data')).toMatchObject({ instance: 'vm1', instanceDir: vm1, referencedBy: ['vm1', 'vm2'] });

    const err = await store.delete('data').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiskStateError);
    expect((err as Error).message).toBe('cannot delete disk `data` in use by instance `vm1`');
    expect(await readdir(disk.dir)).toEqual(['datadisk', 'in_use_by']);
  });

  it('refuses to delete a disk that stopped instances name, unless forced', async () => {
    const store = new DiskStore(home);
    await store.create('data', '1G');
    await instanceNaming('vm2', ['data']);
    await expect(store.delete('data')).rejects.toThrow('the instance(s) `vm2` name it in `additionalDisks`');
    await store.delete('data', { force: true });
    expect(await readdir(path.join(home, '_disks'))).toEqual([]);
    await expect(store.delete('data')).rejects.toBeInstanceOf(DiskNotFoundError);
  });

  it('grows a disk, never shrinks it', async () => {
    const store = new DiskStore(home);
    await store.create('data', '1G');
    expect((await store.resize('data', '3GiB')).size).toBe(3 * GiB);
    await expect(store.resize('data', '2GiB')).rejects.toThrow('disks cannot shrink');
    await expect(store.resize('data', 'lots')).rejects.toThrow('invalid disk size "lots"');
  });

  it('unlocks a lock left by an instance that is not running', async () => {
    const store = new DiskStore(home);
    const disk = await store.create('data', '1G');
    const vm1 = await instanceNaming('vm1', ['data']);
    await symlink(vm1, path.join(disk.dir, 'in_use_by'));
    expect(await store.unlock('data')).toMatchObject({ wasLocked: true, disk: { instance: '' } });
    expect(await store.unlock('data')).toMatchObject({ wasLocked: false });
  });

  it('moves a lock to a renamed instance in one step', async () => {
    const store = new DiskStore(home);
    const disk = await store.create('data', '1G');
    await symlink(path.join(home, 'old'), path.join(disk.dir, 'in_use_by'));
    await moveDiskLock(disk.dir, path.join(home, 'new'));
    expect(await readlink(path.join(disk.dir, 'in_use_by'))).toBe(path.join(home, 'new'));
    expect(await readdir(disk.dir)).toEqual(['datadisk', 'in_use_by']);
  });

  it('imports a qcow2 image and refuses other formats', async () => {
    const store = new DiskStore(home);
    const image = path.join(home, 'mine.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', image, '3G']);
    const seen: number[] = [];
    const { disk } = await store.import('mine', image, { onBytes: (done) => seen.push(done) });
    expect(disk).toMatchObject({ name: 'mine', format: 'qcow2', size: 3 * GiB });
    expect(seen.length).toBeGreaterThan(0);
    const vmdk = path.join(home, 'x.vmdk');
    await writeFile(vmdk, Buffer.concat([Buffer.from('KDMV'), Buffer.alloc(508)]));
    await expect(store.import('other', vmdk)).rejects.toThrow('disk format `vmdk` of');
    await expect(store.import('third', path.join(home, 'missing.img'))).rejects.toThrow('cannot read');
    expect(await readdir(path.join(home, '_disks'))).toEqual(['mine']);
  });
});
