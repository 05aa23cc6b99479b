import { lstat, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Logger } from '../../common/logger';
import { writeFileAtomic } from '../store/atomic-write';
import { cacheEntry, digestFile, type CacheEntry } from './cache-entry';
import { DigestMismatchError, parseDigest, type ExpectedDigest } from './digest';
import { withDirLock } from './dir-lock';
import { fetchIntoCache } from './fetch-to-cache';
import { httpRequest, HttpStatusError } from './http-get';
import { installFile } from './install-file';
import { isLocalLocation, localLocationPath } from './location';
import { ProgressMeter, type ProgressListener } from './progress';

export interface DownloadRequest {
  /** A lima.yaml `location`: http(s) URL, file:// URL or absolute path. */
  location: string;
  /** The lima.yaml field it came from, e.g. `images[0].location`, for error messages. */
  field: string;
  digest?: string;
  /** Where the file must end up; if it already exists nothing is done (and nothing checked), as in Lima. */
  dest: string;
  decompress: boolean;
  /** E.g. "the image (debian-12.qcow2)". */
  description: string;
  /** Lima's cache root (see limaCacheDir); remote files are kept under `download/by-url-sha256/`. */
  cacheDir: string;
  logger?: Logger;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Called once a network transfer is about to begin (not for cache hits or local files). */
  onFetchStart?: () => void;
}

export type DownloadStatus = 'downloaded' | 'used-cache' | 'skipped' | 'copied-local';

export interface DownloadResult {
  status: DownloadStatus;
  /** The cache entry's data file, for remote locations. */
  cachePath?: string;
  validatedDigest: boolean;
  /** The compression that was undone on the way to `dest`. */
  decompressed?: string;
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

function digestField(field: string): string {
  return field.replace(/\.location$/, '.digest');
}

/**
 * A cache entry without a digest is trusted only while the server's Last-Modified still matches
 * (Lima sends a HEAD); when the server cannot be asked, the cache is used anyway.
 */
async function stillFresh(entry: CacheEntry, url: string, logger: Logger, signal?: AbortSignal): Promise<boolean> {
  const cached = (await readFile(entry.time, 'utf8').catch(() => '')).trim();
  if (!cached) return false;
  try {
    const res = await httpRequest(url, { method: 'HEAD', ...(signal ? { signal } : {}) });
    res.resume();
    const remote = res.headers['last-modified'];
    if (!remote) return false;
    const a = Date.parse(cached);
    const b = Date.parse(remote);
    return Number.isNaN(a) || Number.isNaN(b) ? cached === remote : a === b;
  } catch (err) {
    logger.info('could not check the cached file against the server; using the cache', { url, error: (err as Error).message });
    return true;
  }
}

type CacheVerdict = { use: true; verifyWhileCopying: boolean } | { use: false };

async function cacheVerdict(entry: CacheEntry, req: DownloadRequest, expected: ExpectedDigest | undefined, logger: Logger): Promise<CacheVerdict> {
  if (!(await exists(entry.data))) return { use: false };
  if (expected) {
    const stored = (await readFile(digestFile(entry, expected.algorithm), 'utf8').catch(() => undefined))?.trim();
    if (stored === undefined) return { use: true, verifyWhileCopying: true };
    if (stored !== expected.text) {
      throw new Error(
        `field \`${digestField(req.field)}\`: the cached download of ${req.location} has digest ${JSON.stringify(stored)}, ` +
          `not the expected ${JSON.stringify(expected.text)}; if the file changed on the server, delete ${entry.dir} and start again`,
      );
    }
    return { use: true, verifyWhileCopying: false };
  }
  return (await stillFresh(entry, req.location, logger, req.signal)) ? { use: true, verifyWhileCopying: false } : { use: false };
}

function explainFetchError(err: unknown, req: DownloadRequest): unknown {
  if (req.signal?.aborted || !(err instanceof Error)) return err;
  if (err instanceof DigestMismatchError) {
    return new Error(`field \`${digestField(req.field)}\`: ${err.message} (the download was deleted; correct the digest or the URL)`, { cause: err });
  }
  const advice =
    err instanceof HttpStatusError && err.status < 500
      ? `check \`${req.field}\``
      : 'check the network and start again: the part already downloaded is kept and the download resumes';
  return new Error(`field \`${req.field}\`: ${err.message} (${advice})`, { cause: err });
}

/**
 * Lima's downloader: gets `location` to `dest`. Local files are copied (checked and
 * decompressed on the way, never cached); remote ones go through the shared cache, so a second
 * download of a URL needs no network when its digest is known.
 */
export async function downloadFile(req: DownloadRequest): Promise<DownloadResult> {
  const logger = req.logger ?? silentLogger;
  if (await exists(req.dest)) {
    logger.debug('destination exists; skipping the download and its digest check', { dest: req.dest, location: req.location });
    return { status: 'skipped', validatedDigest: false };
  }
  const expected = req.digest ? parseDigest(req.digest, digestField(req.field)) : undefined;
  await mkdir(path.dirname(req.dest), { recursive: true });
  const install = (src: string, verify: boolean): Promise<string | undefined> =>
    installFile(src, req.dest, {
      location: req.location,
      decompress: req.decompress,
      onDecompress: (compression) => logger.info(`Decompressing ${req.description} with ${compression}`),
      ...(verify && expected ? { expected } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
    });

  if (isLocalLocation(req.location)) {
    const src = localLocationPath(req.location, req.field);
    const info = await stat(src).catch((err: Error) => {
      throw new Error(`field \`${req.field}\`: cannot use ${JSON.stringify(src)}: ${err.message}`, { cause: err });
    });
    if (!info.isFile()) throw new Error(`field \`${req.field}\`: ${JSON.stringify(src)} is not a regular file`);
    const decompressed = await install(src, true);
    return { status: 'copied-local', validatedDigest: Boolean(expected), ...(decompressed ? { decompressed } : {}) };
  }

  const entry = cacheEntry(req.cacheDir, req.location);
  await mkdir(entry.dir, { recursive: true, mode: 0o700 });
  return withDirLock(
    entry.dir,
    logger,
    async () => {
      const verdict = await cacheVerdict(entry, req, expected, logger);
      if (verdict.use) {
        logger.info('using the cached download', { location: req.location, cache: entry.data });
        const decompressed = await install(entry.data, verdict.verifyWhileCopying);
        return { status: 'used-cache' as const, cachePath: entry.data, validatedDigest: Boolean(expected), ...(decompressed ? { decompressed } : {}) };
      }
      req.onFetchStart?.();
      const meter = new ProgressMeter(req.location, req.description, req.onProgress ?? (() => undefined));
      try {
        await fetchIntoCache({ url: req.location, entry, meter, logger, ...(expected ? { expected } : {}), ...(req.signal ? { signal: req.signal } : {}) });
        if (expected) await writeFileAtomic(digestFile(entry, expected.algorithm), expected.text);
      } catch (err) {
        meter.finish(err as Error);
        throw explainFetchError(err, req);
      }
      meter.finish();
      const decompressed = await install(entry.data, false);
      return { status: 'downloaded' as const, cachePath: entry.data, validatedDigest: Boolean(expected), ...(decompressed ? { decompressed } : {}) };
    },
    req.signal,
  );
}
