import type { Logger } from '../../common/logger';
import type { FilledLimaYAML } from '../config/types';
import { limaCacheDir } from '../images/cache-dir';
import { prepareInstanceImage, type PrepareImageOptions } from '../images/instance-image';
import { migrateDiskLayout } from '../store/disk-layout';

/**
 * Lima's "prepare" step for the first start: bring a legacy directory to the current layout,
 * then, if the instance has neither `image` nor `disk`, fetch the first usable image for its
 * arch into `<I>/image` with its kernel, kernel command line and initrd (downloaded through
 * Lima's cache when remote). `limadesk start` runs this before the host agent, with progress;
 * the agent runs it again, which then finds everything in place. The driver's createDisk
 * turns `image` into `disk` afterwards.
 */
export async function prepareImage(
  dir: string,
  config: FilledLimaYAML,
  logger: Logger,
  options: Partial<PrepareImageOptions> = {},
): Promise<void> {
  await migrateDiskLayout(dir);
  await prepareInstanceImage(dir, config, { cacheDir: options.cacheDir ?? limaCacheDir(process.env), logger, ...options });
}
