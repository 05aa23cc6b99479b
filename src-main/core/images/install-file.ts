import { randomBytes, type Hash } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { copyFile, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkDigest, createDigester, type ExpectedDigest } from './digest';
import { decompressStream, detectCompression } from './decompress';

export interface InstallOptions {
  /** The location as written in lima.yaml: its extension decides the compression. */
  location: string;
  /** Checked while reading, so the source is read once. */
  expected?: ExpectedDigest;
  decompress: boolean;
  signal?: AbortSignal;
  /** Told before a decompression starts, which may take minutes for a large image. */
  onDecompress?: (compression: string) => void;
}

function hashTap(hash: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Puts a local file (a cached download or a user's file) at `dest`, decompressed when asked,
 * through a temp file and a rename: a half-written `image` would otherwise pass for a complete
 * one on the next start. Returns the compression it undid, if any.
 */
export async function installFile(src: string, dest: string, o: InstallOptions): Promise<string | undefined> {
  const compression = o.decompress ? await detectCompression(o.location, src) : undefined;
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    if (!compression && !o.expected) {
      // Nothing to look at on the way: let the filesystem clone it when it can.
      await copyFile(src, tmp, constants.COPYFILE_FICLONE);
    } else {
      const hash = o.expected ? createDigester(o.expected) : undefined;
      const input = createReadStream(src);
      const source = hash ? input.pipe(hashTap(hash)) : input;
      input.on('error', (err) => source.destroy(err));
      const output = createWriteStream(tmp, { mode: 0o644 });
      if (compression) {
        o.onDecompress?.(compression);
        await decompressStream(compression, source, output, src, o.signal);
      } else await pipeline(source, output, ...(o.signal ? [{ signal: o.signal }] : []));
      if (hash && o.expected) checkDigest(hash, o.expected, src);
    }
    await fsyncFile(tmp);
    await rename(tmp, dest);
    return compression;
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
