import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

export type Compression = 'gzip' | 'bzip2' | 'xz' | 'zstd';

const BY_EXTENSION: Record<string, Compression> = { '.gz': 'gzip', '.bz2': 'bzip2', '.xz': 'xz', '.zst': 'zstd' };

const MAGIC: Array<[Compression, Buffer]> = [
  ['gzip', Buffer.from([0x1f, 0x8b])],
  ['bzip2', Buffer.from([0x42, 0x5a])],
  ['xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])],
  ['zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd])],
];

/** Where each external decompressor comes from, for the error when it is missing. */
const TOOLS: Record<Exclude<Compression, 'gzip'>, { command: string; apt: string; brew: string }> = {
  bzip2: { command: 'bzip2', apt: 'bzip2', brew: 'bzip2' },
  xz: { command: 'xz', apt: 'xz-utils', brew: 'xz' },
  zstd: { command: 'zstd', apt: 'zstd', brew: 'zstd' },
};

/** The extension of a URL's path or of a file path (a query string does not count). */
export function locationExtension(location: string): string {
  let p = location;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    try {
      p = new URL(location).pathname;
    } catch {
      // not a parseable URL: fall back to the text itself
    }
  }
  return path.posix.extname(p).toLowerCase();
}

/** Lima's rule: the extension decides; without a known one, the first bytes do. */
export async function detectCompression(location: string, file: string): Promise<Compression | undefined> {
  const byExt = BY_EXTENSION[locationExtension(location)];
  if (byExt) return byExt;
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(6);
    const { bytesRead } = await handle.read(head, 0, 6, 0);
    const found = MAGIC.find(([, magic]) => bytesRead >= magic.length && head.subarray(0, magic.length).equals(magic));
    return found?.[0];
  } finally {
    await handle.close();
  }
}

export class MissingDecompressorError extends Error {
  constructor(compression: Exclude<Compression, 'gzip'>) {
    const t = TOOLS[compression];
    super(
      `decompressing a ${compression} file needs the \`${t.command}\` command, which is not installed ` +
        `(Debian/Ubuntu: sudo apt-get install ${t.apt}; macOS: brew install ${t.brew})`,
    );
    this.name = 'MissingDecompressorError';
  }
}

/**
 * Streams `input` through the decompressor into `output`. gzip uses Node's zlib; bzip2, xz and
 * zstd have no built-in decoder, so their command runs with `-dc` on a pipe. The returned
 * promise settles once every byte is written and the tool has exited successfully.
 */
export async function decompressStream(
  compression: Compression,
  input: Readable,
  output: Writable,
  what: string,
  signal?: AbortSignal,
): Promise<void> {
  if (compression === 'gzip') {
    await pipeline(input, createGunzip(), output, ...(signal ? [{ signal }] : []));
    return;
  }
  const tool = TOOLS[compression];
  const child = spawn(tool.command, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'], ...(signal ? { signal } : {}) });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < 4096) stderr += text;
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new MissingDecompressorError(compression) : err));
    child.on('close', (code, sig) => {
      if (code === 0) resolve();
      else reject(new Error(`${tool.command} -dc failed on ${what} (${sig ? `signal ${sig}` : `exit code ${String(code)}`}): ${stderr.trim()}`));
    });
  });
  // A tool that fails early closes its stdin; the writer's EPIPE is then only a symptom.
  const feed = pipeline(input, child.stdin).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  const drain = pipeline(child.stdout, output);
  const results = await Promise.allSettled([exited, drain, feed]);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}
