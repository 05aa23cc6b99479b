import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { qmpAnswers } from './qmp-ready';

let dir: string;
let qemu: ChildProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ld-qmp-'));
});
afterEach(async () => {
  qemu?.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('qmpAnswers', () => {
  it('waits for a real QEMU monitor that comes up after the call', async () => {
    const sock = path.join(dir, 'qmp.sock');
    const waiting = qmpAnswers(sock, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    qemu = spawn('qemu-system-x86_64', ['-M', 'none', '-display', 'none', '-nodefaults', '-qmp', `unix:${sock},server=on,wait=off`], { stdio: 'ignore' });
    await expect(waiting).resolves.toBeUndefined();
  });

  it('gives up with the socket named when nothing answers', async () => {
    const sock = path.join(dir, 'none.sock');
    await expect(qmpAnswers(sock, 400)).rejects.toThrow(`QMP at ${sock} did not answer`);
  });
});
