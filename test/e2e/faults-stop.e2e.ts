import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_MARKER, haPid, isAlive, leftoverFiles, makeFaultHome, processesUsing, qemuPid, waitFor, waitForSerial, type FaultHome } from './faults-harness';

let h: FaultHome;
const strangers: ChildProcess[] = [];

beforeAll(async () => {
  h = await makeFaultHome();
});

afterAll(async () => {
  for (const s of strangers) s.kill('SIGKILL');
  if (!h) return;
  for (const name of ['quick', 'stale']) await h.cli('stop', '--force', name);
  await rm(h.home, { recursive: true, force: true });
});

describe('stopping at awkward moments', () => {
  it('stops by ACPI right after start, before the guest listens to its power button', async () => {
    const dir = await h.createInstance('quick');
    for (let round = 1; round <= 2; round++) {
      await h.cliOk('start', 'quick');
      // `start` returns once QMP answers: the guest kernel has not even loaded its button driver.
      const serialBefore = await readFile(path.join(dir, 'serial.log'), 'utf8').catch(() => '');
      expect(serialBefore).not.toContain(BOOT_MARKER);
      const started = Date.now();
      const out = await h.cliOk('stop', 'quick');
      const elapsed = Date.now() - started;
      expect(out).toContain('is Stopped');
      // A lost first press is retried; without that this waited for the 3-minute kill.
      expect(elapsed).toBeLessThan(60_000);
      const serial = await readFile(path.join(dir, 'serial.log'), 'utf8');
      expect(serial).toContain('LIMADESK-GUEST-POWEROFF');
      expect((await h.status('quick')).status).toBe('Stopped');
      expect(leftoverFiles(dir)).toEqual([]);
      expect(await processesUsing(dir)).toEqual([]);
    }
  });

  it('never takes a stranger holding a reused pid for the VM: not Running, not killed by stop -f, and start works', async () => {
    const dir = await h.createInstance('stale');
    await h.cliOk('start', 'stale');
    await waitForSerial(dir, BOOT_MARKER);
    // A host crash: agent and QEMU die at once and leave their pid files and sockets behind.
    const agent = await haPid(dir);
    const qemu = await qemuPid(dir);
    process.kill(agent, 'SIGKILL');
    process.kill(qemu, 'SIGKILL');
    await waitFor('agent and QEMU to be gone', 10_000, async () => (!(await isAlive(agent)) && !(await isAlive(qemu)) ? true : undefined));
    // Their pids are then given to an unrelated program.
    const stranger = spawn('sleep', ['600'], { stdio: 'ignore' });
    strangers.push(stranger);
    await writeFile(path.join(dir, 'ha.pid'), `${stranger.pid}\n`);
    await writeFile(path.join(dir, 'qemu.pid'), `${stranger.pid}\n`);

    expect((await h.status('stale')).status).toBe('Stopped');
    const stop = await h.cli('stop', 'stale');
    expect(stop.code).not.toBe(0);
    expect(stop.stderr).toContain('expected status "Running", got "Stopped"');
    expect((await h.cli('stop', '--force', 'stale')).code).toBe(0);
    expect(await isAlive(stranger.pid!)).toBe(true);

    await h.cliOk('start', 'stale');
    await waitForSerial(dir, BOOT_MARKER);
    expect((await h.status('stale')).status).toBe('Running');
    await h.cliOk('stop', 'stale');
    expect(await isAlive(stranger.pid!)).toBe(true);
    expect(leftoverFiles(dir)).toEqual([]);
    expect(await processesUsing(dir)).toEqual([]);
  });
});
