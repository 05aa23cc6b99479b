import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../common/logger';
import type { FilledLimaYAML, Image as ImageEntry } from '../config/types';
import { writeFileAtomic } from '../store/atomic-write';
import { migrateDiskLayout } from '../store/disk-layout';
import { Disk, Image, Initrd, Kernel, KernelCmdline } from '../store/filenames';
import { copyIntoPlace, localPath } from './local-file';

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Lima's "prepare" step for the first start: bring a legacy directory to the current layout,
 * then, if the instance has neither `image` nor `disk`, fetch the first usable image for its
 * arch into `<I>/image` with its kernel, kernel command line and initrd. Only local sources
 * are supported here; the driver's createDisk turns `image` into `disk` afterwards.
 */
export async function prepareImage(dir: string, config: FilledLimaYAML, logger: Logger): Promise<void> {
  await migrateDiskLayout(dir);
  if ((await exists(path.join(dir, Image))) || (await exists(path.join(dir, Disk)))) return;
  const candidates = config.images
    .map((image, index) => ({ image, index }))
    .filter(({ image }) => image.arch === undefined || image.arch === config.arch);
  if (candidates.length === 0) {
    throw new Error(`no images are configured for arch ${JSON.stringify(config.arch)} (field \`images\`)`);
  }
  const failures: string[] = [];
  for (const { image, index } of candidates) {
    try {
      await fetchImage(dir, image, index, logger);
      return;
    } catch (err) {
      failures.push((err as Error).message);
      logger.warn('image candidate failed', { index, error: (err as Error).message });
    }
  }
  throw new Error(`failed to prepare the image:\n${failures.join('\n')}`);
}

async function fetchImage(dir: string, image: ImageEntry, index: number, logger: Logger): Promise<void> {
  const field = `images[${index}]`;
  if (!image.location) throw new Error(`field \`${field}.location\` must be set`);
  const imagePath = localPath(`${field}.location`, image.location);
  // Resolve every source first, so a remote kernel fails before anything is copied.
  const kernelPath = image.kernel?.location ? localPath(`${field}.kernel.location`, image.kernel.location) : undefined;
  const initrdPath = image.initrd?.location ? localPath(`${field}.initrd.location`, image.initrd.location) : undefined;

  if (kernelPath) {
    await copyIntoPlace(`${field}.kernel.location`, kernelPath, path.join(dir, Kernel), image.kernel?.digest);
    if (image.kernel?.cmdline) await writeFileAtomic(path.join(dir, KernelCmdline), image.kernel.cmdline, 0o644);
  }
  if (initrdPath) await copyIntoPlace(`${field}.initrd.location`, initrdPath, path.join(dir, Initrd), image.initrd?.digest);
  // The image goes last: its presence is what marks the whole step as done.
  await copyIntoPlace(`${field}.location`, imagePath, path.join(dir, Image), image.digest);
  logger.info('prepared the image', { source: imagePath, kernel: kernelPath, initrd: initrdPath });
}
