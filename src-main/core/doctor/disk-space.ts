import { statfs } from 'node:fs/promises';
import path from 'node:path';
import type { DoctorCheck } from '../../common/api';

const GiB = 1024 ** 3;
/** Below this a default VM (a cloud image grown on first boot) soon fills the disk. */
export const MIN_FREE_BYTES = 10 * GiB;

export type FreeBytes = (dir: string) => Promise<number>;

export const statfsFreeBytes: FreeBytes = async (dir) => {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
};

/** LIMA_HOME may not exist yet: the space that counts is on its nearest existing parent. */
async function freeSpaceNear(dir: string, free: FreeBytes): Promise<{ dir: string; bytes: number }> {
  let current = path.resolve(dir);
  for (;;) {
    try {
      return { dir: current, bytes: await free(current) };
    } catch (err) {
      const parent = path.dirname(current);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw err;
      current = parent;
    }
  }
}

function gib(bytes: number): string {
  return `${(bytes / GiB).toFixed(1)} GiB`;
}

export async function diskSpaceCheck(limaHome: string, free: FreeBytes = statfsFreeBytes): Promise<DoctorCheck> {
  const base = { id: 'disk-space', title: 'Free disk space in LIMA_HOME' };
  try {
    const { dir, bytes } = await freeSpaceNear(limaHome, free);
    const where = dir === path.resolve(limaHome) ? limaHome : `${limaHome} (not created yet; measured at ${dir})`;
    const detail = `${gib(bytes)} free for ${where}`;
    if (bytes >= MIN_FREE_BYTES) return { ...base, ok: true, detail };
    return {
      ...base,
      ok: false,
      detail: `${detail}; VM disks grow up to their \`disk:\` size (100 GiB by default)`,
      fix: `Free at least ${gib(MIN_FREE_BYTES - bytes)} there, or set LIMA_HOME to a directory on a larger disk`,
    };
  } catch (err) {
    return { ...base, ok: false, detail: `cannot measure the free space of ${limaHome}: ${(err as Error).message}`, fix: `Check that ${limaHome} is readable` };
  }
}
