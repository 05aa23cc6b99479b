import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

async function sizeOfTree(p: string): Promise<number> {
  const info = await lstat(p).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const name of await readdir(p)) total += await sizeOfTree(path.join(p, name));
  return total;
}

/**
 * `limactl prune`: removes Lima's whole cache directory (downloads and all). Returns the bytes
 * it held, for the message. Instances keep working: their disks are copies, not links.
 */
export async function pruneCache(cacheDir: string): Promise<number> {
  const bytes = await sizeOfTree(cacheDir);
  await rm(cacheDir, { recursive: true, force: true });
  return bytes;
}
