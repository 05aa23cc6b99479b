import { mkdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../../common/logger';
import type { AdditionalDisk } from '../../config/types';
import { BaseDisk, DataDisk, DiffDisk, Disk, DisksDir, Image, InUseBy, ISO } from '../../store/filenames';
import { isISO9660 } from '../../store/disk-layout';
import { qcow2VirtualSize } from './disk-format';
import { qemuImgCreate, qemuImgInfo, qemuImgResize, type QemuImgInfo } from './qemu-img';
import type { Runner } from './runner';
import { pathExists } from '../../store/path-exists';


/** Lima's checks on an image before it becomes (or backs) the VM disk. */
export function checkBaseDisk(file: string, info: QemuImgInfo, logger: Logger): void {
  if (info.format === '') throw new Error(`failed to detect the format of base disk (${file})`);
  if (info.format !== 'qcow2' && info.format !== 'raw') {
    logger.warn(`base disk (${file}) has format ${JSON.stringify(info.format)}; it may not boot, or may give the guest access to host files`);
  }
  if (info.backingFilename) throw new Error(`base disk (${file}) must not have a backing file (${JSON.stringify(info.backingFilename)})`);
  const external = info.extentFilenames.filter((f) => f !== '' && f !== info.filename);
  if (external.length > 0) throw new Error(`base disk (${file}) must not have external extents (${external.join(', ')})`);
  if (info.childFilenames.filter((f) => f === info.filename).length > 1) {
    throw new Error(`base disk (${file}) has more than one child with the same filename`);
  }
}

/**
 * Turns the downloaded `<I>/image` into `<I>/disk` (Lima's EnsureDisk): an ISO becomes `iso`
 * next to a new blank qcow2 disk; any other image is renamed, keeping its own format. A
 * `disk` that already exists is left alone.
 */
export async function ensureDisk(dir: string, diskBytes: number, runner: Runner, logger: Logger): Promise<void> {
  const disk = path.join(dir, Disk);
  if (await pathExists(disk)) return;
  const image = path.join(dir, Image);
  if (!(await pathExists(image))) {
    if (await pathExists(path.join(dir, BaseDisk))) return ensureLegacyDiffDisk(dir, diskBytes, runner, logger);
    throw new Error(`neither ${disk} nor ${image} exists; the image must be prepared first`);
  }
  const iso = await isISO9660(image);
  checkBaseDisk(image, await qemuImgInfo(runner, image), logger);
  if (!iso) {
    await rename(image, disk);
    return;
  }
  const isoPath = path.join(dir, ISO);
  await rename(image, isoPath);
  try {
    await qemuImgCreate(runner, disk, 'qcow2', diskBytes);
  } catch (err) {
    try {
      await rename(isoPath, image);
    } catch (rollback) {
      // The next start looks for the image under its own name: say where it is.
      const why = (rollback as Error).message;
      logger.warn('the disk could not be created, and the image could not be moved back', { image, leftAt: isoPath, error: why });
      throw new AggregateError([err, rollback], `${(err as Error).message}; the image was left at ${isoPath} (moving it back to ${image} failed: ${why}): move it back before starting again`, { cause: rollback });
    }
    throw err;
  }
}

/** v2.0.x layout: `diffdisk` is a qcow2 overlay over `basedisk` (blank when the base is an ISO). */
export async function ensureLegacyDiffDisk(dir: string, diskBytes: number, runner: Runner, logger: Logger): Promise<void> {
  const diff = path.join(dir, DiffDisk);
  if (await pathExists(diff)) return;
  const base = path.join(dir, BaseDisk);
  if (await isISO9660(base)) {
    await qemuImgCreate(runner, diff, 'qcow2', diskBytes);
  } else {
    const info = await qemuImgInfo(runner, base);
    checkBaseDisk(base, info, logger);
    await qemuImgCreate(runner, diff, 'qcow2', diskBytes, { file: base, format: info.format });
  }
  await symlink(DiffDisk, path.join(dir, Disk));
}

/** Grows `<I>/disk` to the configured size; shrinking would lose data, so it is refused. */
export async function prepareDisk(dir: string, diskBytes: number, runner: Runner, logger: Logger): Promise<void> {
  const disk = path.join(dir, Disk);
  // The usual case on every start, a qcow2 disk of the right size, is read off its header:
  // one qemu-img run fewer before QEMU starts.
  if (qcow2VirtualSize(disk) === diskBytes) return;
  const info = await qemuImgInfo(runner, disk);
  if (info.virtualSize === diskBytes) return;
  if (diskBytes < info.virtualSize) {
    throw new Error(`field \`disk\`: disk shrinking is not supported (${disk} is ${info.virtualSize} bytes, configured ${diskBytes})`);
  }
  logger.info('resizing disk', { disk, from: info.virtualSize, to: diskBytes });
  await qemuImgResize(runner, disk, info.format, diskBytes);
}

export function additionalDiskName(disk: AdditionalDisk): string {
  return typeof disk === 'string' ? disk : disk.name;
}

/**
 * Marks each additional disk as used by this instance with the `in_use_by` symlink Lima
 * uses, refusing a disk that another instance holds.
 */
export async function lockAdditionalDisks(limaHome: string, instanceDir: string, disks: readonly AdditionalDisk[]): Promise<void> {
  for (const entry of disks) {
    const name = additionalDiskName(entry);
    const diskDir = path.join(limaHome, DisksDir, name);
    if (!(await pathExists(path.join(diskDir, DataDisk)))) throw new Error(`additional disk ${JSON.stringify(name)}: ${path.join(diskDir, DataDisk)} does not exist`);
    const lock = path.join(diskDir, InUseBy);
    if (await pathExists(lock)) {
      const holder = await readlink(lock);
      if (path.resolve(diskDir, holder) === path.resolve(instanceDir)) continue;
      throw new Error(`additional disk ${JSON.stringify(name)} is in use by instance ${JSON.stringify(path.basename(holder))}`);
    }
    await mkdir(diskDir, { recursive: true });
    await symlink(instanceDir, lock);
  }
}

export async function unlockAdditionalDisks(limaHome: string, instanceDir: string, disks: readonly AdditionalDisk[]): Promise<void> {
  for (const entry of disks) {
    const lock = path.join(limaHome, DisksDir, additionalDiskName(entry), InUseBy);
    let holder: string;
    try {
      holder = await readlink(lock);
    } catch (err) {
      // ENOENT: not locked; EINVAL: not a symlink, so not a lock of ours either.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EINVAL') continue;
      throw err;
    }
    if (path.resolve(path.dirname(lock), holder) === path.resolve(instanceDir)) await rm(lock, { force: true });
  }
}
