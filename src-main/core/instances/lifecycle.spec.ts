import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger';
import { InstanceLifecycle } from './lifecycle';

// A Running instance as the status rules see it: live processes naming their pid files (as
// QEMU and the host agent do), and the host agent's info. No VM: stop must fail before it
// would need one.
let home: string;
const children: ChildProcess[] = [];

function sleeper(pidFile: string): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300000)', '--', '--pidfile', pidFile], { stdio: 'ignore' });
  children.push(child);
  return child;
}

beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'ld-lc-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await rm(home, { recursive: true, force: true });
});

describe('InstanceLifecycle.stop', () => {
  it('does not take a failure to read the host agent\'s events for a timeout and kill the VM', async () => {
    const dir = path.join(home, 'vm1');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'lima.yaml'), 'images: [{location: /nonexistent/a.img, arch: x86_64}]\n');
    const agent = sleeper(path.join(dir, 'ha.pid'));
    const qemu = sleeper(path.join(dir, 'qemu.pid'));
    await writeFile(path.join(dir, 'ha.pid'), `${agent.pid}\n`);
    await writeFile(path.join(dir, 'qemu.pid'), `${qemu.pid}\n`);
    // The events log cannot be read: a directory stands where the file belongs.
    await mkdir(path.join(dir, 'ha.stdout.log'));
    const warnings: string[] = [];
    const lifecycle = new InstanceLifecycle(home, {
      agent: { nodePath: process.execPath, scriptPath: '/nonexistent', env: {} },
      inspect: { hostAgentInfo: async () => ({ sshLocalPort: 60022 }) },
      logger: { ...silentLogger, warn: (m) => void warnings.push(m) },
    });
    await expect(lifecycle.stop('vm1', { timeoutMs: 60_000 })).rejects.toThrow(/EISDIR|directory/);
    expect(qemu.exitCode).toBeNull();
    expect(qemu.signalCode).toBeNull();
    expect(warnings.join('\n')).not.toMatch(/killing QEMU/);
  });
});
