import { lstat } from 'node:fs/promises';

/** Whether a path exists (a dangling symlink counts); any error but ENOENT is passed on. */
export async function pathExists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
