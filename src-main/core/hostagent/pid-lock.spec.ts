import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimPidFile } from './pid-lock';
import { useTempDir } from '../../../test/support/temp-dir';

let dir: string;
useTempDir('limadesk-pid-', (d) => (dir = d));

describe('claimPidFile', () => {
  it('refuses while another live process holds the file, with the hint Lima gives', async () => {
    const file = path.join(dir, 'ha.pid');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)', '--', '--pidfile', file]);
    try {
      await writeFile(file, `${other.pid}\n`);
      await expect(claimPidFile('vm', file)).rejects.toThrow(`instance "vm" seems running (hint: remove "${file}" if the instance is not actually running)`);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over a stale file whose process is gone', async () => {
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => gone.on('exit', r));
    const file = path.join(dir, 'ha.pid');
    await writeFile(file, `${gone.pid}\n`);
    await claimPidFile('vm', file);
    expect(await readFile(file, 'utf8')).toBe(`${process.pid}\n`);
  });

  it('lets exactly one of two agents racing for the same instance win', async () => {
    const file = path.join(dir, 'ha.pid');
    // Two live stand-in agents whose command lines name the file, as real agents' do.
    const agents = [0, 1].map(() => spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)', '--', '--pidfile', file]));
    try {
      const results = await Promise.allSettled(agents.map((a) => claimPidFile('vm', file, a.pid!)));
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const winner = agents[results.findIndex((r) => r.status === 'fulfilled')]!;
      expect(await readFile(file, 'utf8')).toBe(`${winner.pid}\n`);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(String(lost.reason)).toContain('seems running');
      expect(await readdir(dir)).toEqual(['ha.pid']);
    } finally {
      for (const a of agents) a.kill('SIGKILL');
    }
  });
});
