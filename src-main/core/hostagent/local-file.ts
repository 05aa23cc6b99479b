import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, lstat, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export class RemoteLocationError extends Error {
  constructor(field: string, location: string) {
    super(
      `field \`${field}\`: ${JSON.stringify(location)} is a remote URL; downloading images is not available yet, ` +
        'point it at a local file (a path or file:// URL)',
    );
    this.name = 'RemoteLocationError';
  }
}

/** A lima.yaml `location` as a local absolute path; remote URLs and relative paths are refused with the field named. */
export function localPath(field: string, location: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    if (location.toLowerCase().startsWith('file://')) return fileURLToPath(location);
    throw new RemoteLocationError(field, location);
  }
  if (location === '~' || location.startsWith('~/')) return path.join(homedir(), location.slice(1));
  if (!path.isAbsolute(location)) throw new Error(`field \`${field}\`: ${JSON.stringify(location)} must be an absolute path`);
  return location;
}

async function fileDigest(file: string, algorithm: string): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Checks `file` against a lima.yaml digest (`sha256:<hex>`, `sha512:<hex>`). */
export async function verifyDigest(field: string, file: string, digest: string): Promise<void> {
  const m = /^(sha256|sha512):([0-9a-f]+)$/i.exec(digest);
  if (!m?.[1] || !m[2]) throw new Error(`field \`${field}\`: unsupported digest ${JSON.stringify(digest)} (want sha256:<hex> or sha512:<hex>)`);
  const actual = await fileDigest(file, m[1].toLowerCase());
  if (actual !== m[2].toLowerCase()) {
    throw new Error(`field \`${field}\`: expected digest ${JSON.stringify(digest)}, got "${m[1].toLowerCase()}:${actual}" for ${file}`);
  }
}

/**
 * Copies a local source into the instance directory under its final name, through a temp
 * file and a rename so a crash never leaves a half-copied `image` or `kernel` that a later
 * start would take as complete.
 */
export async function copyIntoPlace(field: string, source: string, dest: string, digest?: string): Promise<void> {
  try {
    const info = await lstat(source);
    if (info.isDirectory()) throw new Error('is a directory');
  } catch (err) {
    throw new Error(`field \`${field}\`: cannot use ${JSON.stringify(source)}: ${(err as Error).message}`, { cause: err });
  }
  if (digest) await verifyDigest(field, source, digest);
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await copyFile(source, tmp);
    await rename(tmp, dest);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new Error(`field \`${field}\`: cannot copy ${source} to ${dest}: ${(err as Error).message}`, { cause: err });
  }
}
