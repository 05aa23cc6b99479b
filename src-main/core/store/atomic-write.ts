import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** A failed write that names its file (Node's ENOSPC/EACCES messages do not); `code` is kept for callers. */
export class WriteFileError extends Error {
  readonly code: string | undefined;
  constructor(readonly file: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message.replace(/, (open|write|rename|fsync|chmod) .*$|, (write|fsync)$/, '') : String(cause);
    super(`cannot write ${file}: ${reason}; the previous content is unchanged`, { cause });
    this.name = 'WriteFileError';
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
}

/**
 * Replaces `file` with `data` so that readers see either the old or the new content, never a
 * mix: write a temp file in the same directory (same filesystem, so rename is atomic), fsync
 * it, then rename it over the target. On any failure the target is untouched and the temp
 * file is gone.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(data);
      // The mode given to open() is filtered by the umask; set it exactly.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new WriteFileError(file, err);
  }
  await syncDir(dir);
}

/** Makes the rename itself durable; some filesystems refuse to fsync a directory, which is fine. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort: the data is already safely in place
  }
}
