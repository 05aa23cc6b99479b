import { constants } from 'node:fs';
import { copyFile, open, rm, stat } from 'node:fs/promises';

/** How a file was copied: shared blocks (copy-on-write), or read and written. */
export type CloneMethod = 'reflink' | 'copy';

export interface CloneFileOptions {
  /** Called with the bytes done so far (including skipped holes), at most once per chunk. */
  onBytes?: (doneBytes: number) => void;
  signal?: AbortSignal;
  /** Chunk size of the plain copy (default 1 MiB). */
  chunkBytes?: number;
}

// What a failed FICLONE says when the filesystem (or the pair of them) cannot share blocks.
// Anything else (no space, no permission, the target exists) is a real failure.
const NO_REFLINK = new Set(['ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EINVAL', 'ENOSYS', 'ENOTTY', 'EBADF', 'ENOTSOCK', 'EPERM']);

/**
 * Copies `src` to a new file `dst` (which must not exist): copy-on-write where the filesystem
 * can (btrfs, XFS, APFS: instant, no extra space), otherwise chunk by chunk, leaving runs of
 * zeros as holes so that a sparse disk image stays sparse. The copy gets the source's mode.
 * On failure nothing is left at `dst`.
 */
export async function cloneFile(src: string, dst: string, options: CloneFileOptions = {}): Promise<CloneMethod> {
  options.signal?.throwIfAborted();
  const info = await stat(src);
  try {
    await copyFile(src, dst, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE_FORCE);
    options.onBytes?.(info.size);
    return 'reflink';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (!NO_REFLINK.has(code)) throw err;
    // libuv removes what it created on failure; make sure, before the plain copy claims the name.
    await rm(dst, { force: true });
  }
  try {
    await plainCopy(src, dst, info.size, info.mode & 0o7777, options);
  } catch (err) {
    await rm(dst, { force: true });
    throw err;
  }
  return 'copy';
}

async function plainCopy(src: string, dst: string, size: number, mode: number, options: CloneFileOptions): Promise<void> {
  const chunk = options.chunkBytes ?? 1024 * 1024;
  const buffer = Buffer.alloc(chunk);
  const zeros = Buffer.alloc(chunk);
  const input = await open(src, 'r');
  try {
    const output = await open(dst, 'wx', mode);
    try {
      let position = 0;
      for (;;) {
        options.signal?.throwIfAborted();
        const { bytesRead } = await input.read(buffer, 0, chunk, position);
        if (bytesRead === 0) break;
        const data = buffer.subarray(0, bytesRead);
        // A chunk of zeros is not written: the file keeps a hole there, as `cp --sparse=auto` does.
        if (!data.equals(zeros.subarray(0, bytesRead))) await output.write(data, 0, bytesRead, position);
        position += bytesRead;
        options.onBytes?.(position);
      }
      // Holes at the end exist only once the file has its full length.
      await output.truncate(Math.max(position, size));
      await output.chmod(mode);
      await output.sync();
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}
