import { open, symlink } from 'node:fs/promises';
import path from 'node:path';
import { BaseDisk, DiffDisk, Disk, ISO } from './filenames';
import { pathExists } from './path-exists';

/**
 * Disk layouts an instance directory can have: `current` (v2.1+: `disk`, maybe `iso`),
 * `legacy` (v2.0 and older: `basedisk` + `diffdisk`, not yet migrated) or `none` (no disk yet).
 */
export type DiskLayout = 'current' | 'legacy' | 'none';

const ISO9660_MAGIC = 'CD001';
// The first volume descriptor sits at sector 16 (2048-byte sectors); its identifier follows the type byte.
const ISO9660_MAGIC_OFFSET = 0x8001;


/** Whether `file` is an ISO9660 image, by its "CD001" volume descriptor magic. */
export async function isISO9660(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(ISO9660_MAGIC.length);
    const { bytesRead } = await handle.read(buf, 0, buf.length, ISO9660_MAGIC_OFFSET);
    return bytesRead === buf.length && buf.toString('latin1') === ISO9660_MAGIC;
  } finally {
    await handle.close();
  }
}

export async function detectDiskLayout(dir: string): Promise<DiskLayout> {
  if (await pathExists(path.join(dir, Disk))) return 'current';
  if ((await pathExists(path.join(dir, DiffDisk))) || (await pathExists(path.join(dir, BaseDisk)))) return 'legacy';
  return 'none';
}

/**
 * Brings a legacy instance to the current layout without moving any data: `disk` becomes a
 * symlink to `diffdisk`, and an ISO `basedisk` gets an `iso` symlink. A non-ISO `basedisk`
 * stays put because it is the qcow2 backing file of `diffdisk`. Already migrated → no-op.
 * Symlinks are relative so the instance directory can be moved as a whole.
 */
export async function migrateDiskLayout(dir: string): Promise<void> {
  const disk = path.join(dir, Disk);
  if (await pathExists(disk)) return;
  if (await pathExists(path.join(dir, DiffDisk))) {
    await symlink(DiffDisk, disk);
  }
  const baseDisk = path.join(dir, BaseDisk);
  const iso = path.join(dir, ISO);
  if ((await pathExists(baseDisk)) && (await isISO9660(baseDisk)) && !(await pathExists(iso))) {
    await symlink(BaseDisk, iso);
  }
}
