import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DigestAlgorithm } from './digest';

/** The files of one cached URL, named as Lima names them so either tool can reuse the other's downloads. */
export interface CacheEntry {
  dir: string;
  /** The URL as text, for humans and `limactl prune`-style tools. */
  url: string;
  data: string;
  /** The stable partial file a resumed download appends to (only one writer: the directory is locked). */
  partial: string;
  /** Last-Modified of the response that produced `data`. */
  time: string;
  /** Content-Type of that response. */
  type: string;
  /** ETag of that response, preferred over `time` as the If-Range validator. */
  etag: string;
}

/** Lima's cache key: the hex SHA-256 of the URL exactly as written in lima.yaml. */
export function cacheKey(url: string): string {
  return createHash('sha256').update(url).digest('hex');
}

export function cacheEntry(cacheDir: string, url: string): CacheEntry {
  const dir = path.join(cacheDir, 'download', 'by-url-sha256', cacheKey(url));
  return {
    dir,
    url: path.join(dir, 'url'),
    data: path.join(dir, 'data'),
    partial: path.join(dir, 'data.part'),
    time: path.join(dir, 'time'),
    type: path.join(dir, 'type'),
    etag: path.join(dir, 'etag'),
  };
}

/** `<algo>.digest`: written once a download matched the expected digest, so a later hit needs no rehash. */
export function digestFile(entry: CacheEntry, algorithm: DigestAlgorithm): string {
  return path.join(entry.dir, `${algorithm}.digest`);
}
