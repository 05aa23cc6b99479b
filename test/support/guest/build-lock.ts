import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` while holding an exclusive lock file, so two test processes never build the
 * same thing at once. A lock left by a process that no longer exists is taken over.
 */
export async function withLockFile<T>(lockPath: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(lockPath), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: number;
    try {
      holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    } catch {
      continue; // released between our open and our read
    }
    // Two waiters can both take over the same stale lock; the build tolerates that, because
    // each one builds in its own temporary directory and swaps it in with a rename.
    if (Number.isInteger(holder) && !processIsAlive(holder)) {
      rmSync(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${lockPath} (held by pid ${holder})`);
    }
    await sleep(250);
  }
  try {
    return await work();
  } finally {
    rmSync(lockPath, { force: true });
  }
}
