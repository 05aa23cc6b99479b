import { readlink, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { InUseBy } from '../store/filenames';

/** Who holds a disk: the `in_use_by` symlink names the instance directory, as Lima writes it. */
export interface DiskHolder {
  /** The instance name (the directory's base name, as Lima reads it). */
  instance: string;
  instanceDir: string;
}

/** The holder of the disk in `diskDir`, or undefined when it is not locked. */
export async function readDiskHolder(diskDir: string): Promise<DiskHolder | undefined> {
  let target: string;
  try {
    target = await readlink(path.join(diskDir, InUseBy));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw err;
  }
  const instanceDir = path.resolve(diskDir, target);
  return { instance: path.basename(instanceDir), instanceDir };
}

/** Lima's lock: `in_use_by` → the instance directory (absolute). Fails with EEXIST when held. */
export async function lockDisk(diskDir: string, instanceDir: string): Promise<void> {
  await symlink(path.resolve(instanceDir), path.join(diskDir, InUseBy));
}

export async function unlockDisk(diskDir: string): Promise<void> {
  await rm(path.join(diskDir, InUseBy), { force: true });
}

/**
 * Points an existing lock at another directory in one step (a renamed instance keeps its
 * disks): a new symlink is made aside and renamed over the old one.
 */
export async function moveDiskLock(diskDir: string, newInstanceDir: string): Promise<void> {
  const aside = path.join(diskDir, `.${InUseBy}.${process.pid}.tmp`);
  await rm(aside, { force: true });
  await symlink(path.resolve(newInstanceDir), aside);
  await rename(aside, path.join(diskDir, InUseBy));
}
