import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger';
import { withDirLock } from './dir-lock';
import { useTempDir } from '../../../test/support/temp-dir';

let dir: string;
useTempDir('limadesk-lock-', (d) => (dir = d));

describe('withDirLock', () => {
  it('waits for another process holding flock on the directory, as limactl would', async () => {
    // Another process takes the lock the way Lima's lockutil does (flock on the directory);
    // its `cat` echoing a line proves it holds the lock, closing its stdin releases it.
    const holder = spawn('flock', ['--exclusive', dir, 'cat'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const holderExited = new Promise((r) => holder.once('exit', r));
    const holding = new Promise((r) => holder.stdout.once('data', r));
    holder.stdin.write('\n');
    await holding;
    setTimeout(() => holder.stdin.end(), 1000);
    const started = Date.now();
    let ranAt = 0;
    await withDirLock(dir, silentLogger, async () => {
      ranAt = Date.now();
    });
    expect(ranAt - started).toBeGreaterThan(800);
    await holderExited;
  });

  it('releases the lock when the work fails, and runs callers one after another', async () => {
    const order: string[] = [];
    const first = withDirLock(dir, silentLogger, async () => {
      order.push('a-start');
      await new Promise((r) => setTimeout(r, 200));
      order.push('a-end');
      throw new Error('boom');
    });
    const second = withDirLock(dir, silentLogger, async () => {
      order.push('b');
      return 42;
    });
    await expect(first).rejects.toThrow('boom');
    expect(await second).toBe(42);
    expect(order).toEqual(['a-start', 'a-end', 'b']);
    // Nothing holds it any more: flock -n succeeds at once.
    const code = await new Promise((r) => spawn('flock', ['--nonblock', dir, 'true']).once('exit', r));
    expect(code).toBe(0);
  });
});
