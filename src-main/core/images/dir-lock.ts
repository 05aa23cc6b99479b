import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Logger } from '../../common/logger';

const inProcess = new Map<string, Promise<unknown>>();

/**
 * Takes flock(2) on the directory the way Lima's lockutil does, so a `limactl` fetching the same
 * URL waits for us and we wait for it. Node has no flock binding; util-linux's flock(1) holds
 * the lock while its child `cat` runs, and `cat` echoing a byte back proves the lock is held.
 * Closing its stdin ends `cat` and releases the lock, even if this process dies.
 */
function acquireFlock(dir: string, logger: Logger, signal?: AbortSignal): Promise<ChildProcessWithoutNullStreams | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn('flock', ['--exclusive', dir, 'cat'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let settled = false;
    const onAbort = (): void => {
      child.kill('SIGTERM');
      finish(() => reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted')));
    };
    const finish = (then: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      then();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.once('data', () => finish(() => resolve(child)));
    child.on('error', (err: NodeJS.ErrnoException) => {
      // Without flock(1) (macOS has none) only this process's own callers are serialised.
      logger.debug('flock(1) unavailable; cache directory locked within this process only', { dir, error: err.message });
      finish(() => resolve(undefined));
    });
    child.on('close', (code) =>
      finish(() => {
        logger.warn('could not lock the cache directory; continuing without it', { dir, code });
        resolve(undefined);
      }),
    );
    // If flock is missing, the write fails with EPIPE; the 'error' handler above already copes.
    child.stdin.on('error', () => undefined);
    child.stdin.write('\n');
  });
}

async function releaseFlock(child: ChildProcessWithoutNullStreams | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const closed = new Promise((resolve) => child.once('close', resolve));
  child.stdin.end();
  await closed;
}

/** Runs `work` while holding the cache entry directory's lock (serialises downloads of one URL). */
export async function withDirLock<T>(dir: string, logger: Logger, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const before = inProcess.get(dir) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(async () => {
    const lock = await acquireFlock(dir, logger, signal);
    try {
      return await work();
    } finally {
      await releaseFlock(lock);
    }
  });
  inProcess.set(dir, mine);
  try {
    return await mine;
  } finally {
    if (inProcess.get(dir) === mine) inProcess.delete(dir);
  }
}
