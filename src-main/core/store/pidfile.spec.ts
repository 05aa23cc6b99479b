import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPidFile } from './pidfile';
import { useTempDir } from '../../../test/support/temp-dir';

let dir: string;
useTempDir('pidfile-', (d) => (dir = d));

/** The pid of a process that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('readPidFile', () => {
  it('returns 0 when the file does not exist', async () => {
    expect(await readPidFile(path.join(dir, 'ha.pid'))).toBe(0);
  });

  it('returns the pid of a live process, with surrounding whitespace allowed', async () => {
    const file = path.join(dir, 'qemu.pid');
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', '--', '-pidfile', file]);
    try {
      await writeFile(file, `  ${sleeper.pid}\n`);
      expect(await readPidFile(file)).toBe(sleeper.pid);
      expect(existsSync(file)).toBe(true);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('deletes a stale file and returns 0', async () => {
    const file = path.join(dir, 'ha.pid');
    await writeFile(file, `${await deadPid()}\n`);
    expect(await readPidFile(file)).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('counts EPERM as alive (a process owned by someone else)', async () => {
    const file = path.join(dir, 'ha.pid');
    await writeFile(file, '4242');
    const eperm = (): never => {
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    };
    expect(await readPidFile(file, eperm, async () => undefined)).toBe(4242);
  });

  it('treats a live process that never wrote the file as gone, deletes the file and leaves the process alone', async () => {
    const stranger = spawn('sleep', ['30']);
    try {
      const file = path.join(dir, 'ha.pid');
      await writeFile(file, `${stranger.pid}\n`);
      expect(await readPidFile(file)).toBe(0);
      expect(existsSync(file)).toBe(false);
      expect(stranger.exitCode).toBeNull();
      expect(() => process.kill(stranger.pid!, 0)).not.toThrow();
    } finally {
      stranger.kill('SIGKILL');
    }
  });

  it('trusts signal 0 alone when the command line cannot be read (as Lima does)', async () => {
    const file = path.join(dir, 'ha.pid');
    await writeFile(file, `${process.pid}\n`);
    expect(await readPidFile(file, undefined, async () => undefined)).toBe(process.pid);
  });

  it.each(['', 'abc', '12x', '1.5', '0', '-3'])('rejects the content %j with an error naming the file', async (content) => {
    const file = path.join(dir, 'ha.pid');
    await writeFile(file, content);
    await expect(readPidFile(file)).rejects.toThrow(file);
    expect(existsSync(file)).toBe(true);
  });

  it('reports a read error (a directory where the file should be)', async () => {
    const file = path.join(dir, 'ha.pid');
    await import('node:fs/promises').then((fs) => fs.mkdir(file));
    await expect(readPidFile(file)).rejects.toThrow(/cannot read pid file .*EISDIR/);
  });
});
