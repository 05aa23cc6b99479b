import { createReadStream } from 'node:fs';
import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { Hash } from 'node:crypto';
import type { Logger } from '../../common/logger';
import type { CacheEntry } from './cache-entry';
import { checkDigest, createDigester, DigestMismatchError, type ExpectedDigest } from './digest';
import { httpRequest, HttpStatusError } from './http-get';
import type { ProgressMeter } from './progress';

export interface FetchIntoCacheOptions {
  url: string;
  entry: CacheEntry;
  expected?: ExpectedDigest;
  meter: ProgressMeter;
  logger: Logger;
  signal?: AbortSignal;
  /** Tries after a dropped connection, each resuming where the last stopped (default 4). */
  maxAttempts?: number;
  retryDelayMs?: number;
}

async function readIfPresent(file: string): Promise<string> {
  return (await readFile(file, 'utf8').catch(() => '')).trim();
}

async function sizeOf(file: string): Promise<number> {
  return (await stat(file).catch(() => undefined))?.size ?? 0;
}

/** The ETag, else the Last-Modified of the response the partial file came from. */
async function ifRangeValidator(entry: CacheEntry): Promise<string> {
  return (await readIfPresent(entry.etag)) || (await readIfPresent(entry.time));
}

/**
 * A partial file is only worth resuming when something can vouch for it: the expected digest
 * (checked at the end) or a validator the server compares through If-Range, so that a file
 * changed on the server is sent whole instead of being spliced onto old bytes.
 */
async function resumeOffset(entry: CacheEntry, expected: ExpectedDigest | undefined): Promise<number> {
  const size = await sizeOf(entry.partial);
  if (size === 0) return 0;
  if (expected || (await ifRangeValidator(entry))) return size;
  return 0;
}

async function hashOfPrefix(file: string, bytes: number, expected: ExpectedDigest): Promise<Hash> {
  const hash = createDigester(expected);
  if (bytes > 0) for await (const chunk of createReadStream(file, { start: 0, end: bytes - 1 })) hash.update(chunk as Buffer);
  return hash;
}

async function fileMatches(file: string, expected: ExpectedDigest): Promise<boolean> {
  const hash = await hashOfPrefix(file, await sizeOf(file), expected);
  return `${expected.algorithm}:${hash.digest('hex')}` === expected.text;
}

function parseContentRange(header: string | undefined): { start: number; total?: number } | undefined {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (!m?.[1] || !m[2]) return undefined;
  return { start: Number(m[1]), ...(m[2] === '*' ? {} : { total: Number(m[2]) }) };
}

async function writeMetadata(entry: CacheEntry, res: IncomingMessage): Promise<void> {
  await writeFile(entry.time, res.headers['last-modified'] ?? '');
  await writeFile(entry.type, res.headers['content-type'] ?? '');
  await writeFile(entry.etag, res.headers.etag ?? '');
}

class RestartFromZero extends Error {}

/** One GET: appends to (or restarts) the partial file, hashing as it writes. Resolves with the hash. */
async function transferOnce(o: FetchIntoCacheOptions): Promise<Hash | undefined> {
  const { entry, url, expected } = o;
  const offset = await resumeOffset(entry, expected);
  const headers: Record<string, string> = {};
  if (offset > 0) {
    headers.range = `bytes=${offset}-`;
    const validator = await ifRangeValidator(entry);
    if (validator) headers['if-range'] = validator;
  }
  const res = await httpRequest(url, { headers, ...(o.signal ? { signal: o.signal } : {}) });
  const status = res.statusCode ?? 0;
  if (status === 416) {
    res.resume();
    // The partial may already be the whole file (interrupted between the last byte and the
    // rename); otherwise it is longer than the file now on the server and cannot be used.
    if (offset > 0 && expected && (await fileMatches(entry.partial, expected))) return undefined;
    await rm(entry.partial, { force: true });
    if (offset === 0) throw new HttpStatusError(url, status, res.statusMessage ?? '');
    throw new RestartFromZero();
  }
  if (status < 200 || status > 299) {
    res.resume();
    throw new HttpStatusError(url, status, res.statusMessage ?? '');
  }
  let start = 0;
  let total: number | undefined;
  const length = res.headers['content-length'] !== undefined ? Number(res.headers['content-length']) : undefined;
  if (status === 206) {
    const range = parseContentRange(res.headers['content-range']);
    if (!range || range.start !== offset) {
      res.destroy();
      await rm(entry.partial, { force: true });
      throw new RestartFromZero();
    }
    start = offset;
    total = range.total ?? (length !== undefined ? offset + length : undefined);
  } else {
    if (offset > 0) o.logger.info('the server sent the whole file instead of the rest; starting over', { url, offset });
    total = length;
  }
  await writeMetadata(entry, res);

  const hash = expected ? await hashOfPrefix(entry.partial, start, expected) : undefined;
  const file = await open(entry.partial, start > 0 ? 'a' : 'w', 0o644);
  o.meter.begin(start, total);
  let received = 0;
  try {
    for await (const chunk of res) {
      const buf = chunk as Buffer;
      await file.write(buf);
      hash?.update(buf);
      received += buf.length;
      o.meter.add(buf.length);
    }
    if (length !== undefined && received !== length) {
      throw new Error(`GET ${url}: connection closed after ${start + received} of ${start + length} bytes`);
    }
    await file.sync();
  } finally {
    await file.close();
  }
  return hash;
}

function isRetryable(err: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return false;
  if (err instanceof HttpStatusError) return err.status >= 500;
  return !(err instanceof DigestMismatchError);
}

/**
 * Downloads `url` into the cache entry's `data`: through the stable partial file, resumed
 * with Range after a dropped connection (or by a later call), the digest computed from the
 * bytes as they arrive, then renamed into place. A wrong digest deletes the partial file.
 */
export async function fetchIntoCache(o: FetchIntoCacheOptions): Promise<void> {
  await writeFile(o.entry.url, o.url);
  const maxAttempts = o.maxAttempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      const hash = await transferOnce(o);
      if (hash && o.expected) {
        try {
          checkDigest(hash, o.expected, o.url);
        } catch (err) {
          await rm(o.entry.partial, { force: true });
          throw err;
        }
      }
      await rename(o.entry.partial, o.entry.data);
      return;
    } catch (err) {
      if (err instanceof RestartFromZero) {
        if (attempt >= maxAttempts) throw new Error(`GET ${o.url}: the server's answers to a resumed download did not fit the partial file`, { cause: err });
        continue;
      }
      if (attempt >= maxAttempts || !isRetryable(err, o.signal)) throw err;
      o.logger.warn('download interrupted; retrying', { url: o.url, attempt, error: (err as Error).message });
      await new Promise((resolve) => setTimeout(resolve, (o.retryDelayMs ?? 1000) * attempt));
    }
  }
}
