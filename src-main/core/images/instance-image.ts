import { lstat, rm } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Logger } from '../../common/logger';
import type { FilledLimaYAML, Image as ImageEntry } from '../config/types';
import { writeFileAtomic } from '../store/atomic-write';
import { Disk, Image, Initrd, Kernel, KernelCmdline } from '../store/filenames';
import { downloadFile, type DownloadResult } from './download';
import type { ProgressListener } from './progress';

export type ImageStage = 'image-downloading' | 'image-ready';

export interface PrepareImageOptions {
  cacheDir: string;
  logger?: Logger;
  onProgress?: ProgressListener;
  /** `image-downloading` when a network transfer starts, `image-ready` once every file is in place. */
  onStage?: (stage: ImageStage, message: string) => void;
  signal?: AbortSignal;
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** Lima's wording: "the image (debian-12-genericcloud-amd64.qcow2)". */
function describe(what: string, location: string): string {
  let base = location;
  try {
    if (location.includes('://')) base = new URL(location).pathname;
  } catch {
    // keep the text as written
  }
  return `${what} (${path.posix.basename(base)})`;
}

function summarize(results: DownloadResult[]): string {
  if (results.some((r) => r.status === 'downloaded')) return 'downloaded';
  if (results.some((r) => r.status === 'used-cache')) return 'from the cache';
  return 'local files';
}

/**
 * The image part of Lima's "prepare" step, run before the host agent starts: when the instance
 * has neither `image` nor `disk`, fetch the first `images[]` entry for its arch into `<I>/image`
 * (decompressed), with its kernel (decompressed), kernel command line and initrd. Each candidate
 * is tried in order; if all fail, every failure is reported.
 * Returns false when there was nothing to do.
 */
export async function prepareInstanceImage(dir: string, config: FilledLimaYAML, options: PrepareImageOptions): Promise<boolean> {
  if ((await exists(path.join(dir, Image))) || (await exists(path.join(dir, Disk)))) return false;
  const logger = options.logger ?? silentLogger;
  const candidates = config.images
    .map((image, index) => ({ image, index }))
    .filter(({ image }) => image.arch === undefined || image.arch === config.arch);
  if (candidates.length === 0) {
    throw new Error(`no images are configured for arch ${JSON.stringify(config.arch)} (field \`images\`)`);
  }
  const failures: string[] = [];
  for (const { image, index } of candidates) {
    try {
      const results = await fetchCandidate(dir, image, index, options, logger);
      options.onStage?.('image-ready', summarize(results));
      return true;
    } catch (err) {
      if (options.signal?.aborted) throw err;
      failures.push((err as Error).message);
      // With one candidate its error is the whole story, reported by the caller.
      if (candidates.length > 1) logger.warn('image candidate failed', { index, error: (err as Error).message });
    }
  }
  throw new Error(failures.length === 1 ? (failures[0] ?? '') : `every image failed:\n${failures.join('\n')}`);
}

interface Part {
  what: string;
  field: string;
  location: string;
  digest: string | undefined;
  file: string;
  decompress: boolean;
}

/** The files of one images[] entry, in the order Limadesk fetches them. */
function partsOf(dir: string, image: ImageEntry, index: number): Part[] {
  const field = `images[${index}]`;
  if (!image.location) throw new Error(`field \`${field}.location\` must be set`);
  const parts: Part[] = [];
  if (image.kernel?.location) {
    const k = image.kernel;
    parts.push({ what: 'the kernel', field: `${field}.kernel.location`, location: k.location!, digest: k.digest, file: path.join(dir, Kernel), decompress: true });
  }
  if (image.initrd?.location) {
    const r = image.initrd;
    parts.push({ what: 'the initrd', field: `${field}.initrd.location`, location: r.location!, digest: r.digest, file: path.join(dir, Initrd), decompress: false });
  }
  // The image goes last: its presence is what marks the whole step as done.
  parts.push({ what: 'the image', field: `${field}.location`, location: image.location, digest: image.digest, file: path.join(dir, Image), decompress: true });
  return parts;
}

async function fetchCandidate(dir: string, image: ImageEntry, index: number, options: PrepareImageOptions, logger: Logger): Promise<DownloadResult[]> {
  const parts = partsOf(dir, image, index);
  const results: DownloadResult[] = [];
  const created: string[] = [];
  try {
    if (image.kernel?.location && image.kernel.cmdline) {
      created.push(path.join(dir, KernelCmdline));
      await writeFileAtomic(path.join(dir, KernelCmdline), image.kernel.cmdline, 0o644);
    }
    for (const part of parts) {
      const description = describe(part.what, part.location);
      const result = await downloadFile({
        location: part.location,
        field: part.field,
        dest: part.file,
        decompress: part.decompress,
        description,
        cacheDir: options.cacheDir,
        logger,
        ...(part.digest ? { digest: part.digest } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onFetchStart: () => options.onStage?.('image-downloading', description),
      });
      if (result.status !== 'skipped') created.push(part.file);
      results.push(result);
    }
  } catch (err) {
    // A later candidate must not boot with this candidate's kernel.
    await Promise.all(created.map((f) => rm(f, { force: true })));
    throw err;
  }
  logger.info('prepared the image', { location: image.location, statuses: results.map((r) => r.status).join(',') });
  return results;
}
