import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QmpClient } from '../../src-main/core/qmp/client';
import { queryStatus, quit, systemPowerdown } from '../../src-main/core/qmp/commands';
import type { QmpEvent } from '../../src-main/core/qmp/types';
import { ensureTestGuest, type TestGuest } from '../support/guest';
import { readSerialLog, waitForSerial } from '../support/guest/serial-log';

interface BootedGuest {
  qemu: ChildProcess;
  exited: Promise<number | null>;
  serialLog: string;
  qmpSocket: string;
  bootMs: number;
}

let guest: TestGuest;
let workDir: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  guest = await ensureTestGuest();
});

afterEach(() => {
  for (const qemu of running.splice(0)) if (qemu.exitCode === null && qemu.signalCode === null) qemu.kill('SIGKILL');
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

async function bootGuest(extraCmdline = ''): Promise<BootedGuest> {
  workDir = mkdtempSync(join(tmpdir(), 'limadesk-guest-'));
  const serialLog = join(workDir, 'serial.log');
  const qmpSocket = join(workDir, 'qmp.sock');
  const started = Date.now();
  const qemu = spawn('qemu-system-x86_64', [
    '-machine', 'q35', '-accel', 'tcg', '-m', '256', '-nodefaults', '-display', 'none', '-vga', 'std',
    '-kernel', guest.kernel, '-initrd', guest.initrd, '-append', `${guest.cmdline} ${extraCmdline}`.trim(),
    '-serial', `file:${serialLog}`,
    '-qmp', `unix:${qmpSocket},server=on,wait=off`,
    '-no-reboot',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.push(qemu);
  let stderr = '';
  qemu.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => qemu.on('exit', (code) => resolve(code)));
  const alive = (): boolean => qemu.exitCode === null && qemu.signalCode === null;
  try {
    await waitForSerial(serialLog, 'LIMADESK-GUEST-BOOTED', { timeoutMs: 150_000, alive });
  } catch (error) {
    throw new Error(`${(error as Error).message}\nqemu stderr:\n${stderr}`, { cause: error });
  }
  const bootMs = Date.now() - started;
  console.log(`test guest ${guest.version} booted to LIMADESK-GUEST-BOOTED in ${bootMs} ms (TCG)`);
  return { qemu, exited, serialLog, qmpSocket, bootMs };
}

function collectEvents(client: QmpClient): QmpEvent[] {
  const events: QmpEvent[] = [];
  client.on('*', (event) => events.push(event));
  return events;
}

describe('test guest', () => {
  it('is a gzip newc initramfs holding /init, busybox, /dev/console and the modules', () => {
    const listing = execFileSync('sh', ['-c', 'gzip -dc "$1" | busybox cpio -t', 'sh', guest.initrd], { encoding: 'utf8' }).split('\n');
    expect(listing).toEqual(expect.arrayContaining(['init', 'bin/busybox', 'dev/console', 'etc/limadesk-modules']));
    expect(listing.some((name) => name.endsWith('/button.ko'))).toBe(true);
    expect(listing.some((name) => name.endsWith('/evdev.ko'))).toBe(true);
    expect(listing.some((name) => name.endsWith('/isofs.ko'))).toBe(true);
  });

  it('boots, and powers off when QEMU presses the ACPI power button', async () => {
    const booted = await bootGuest();
    expect(readSerialLog(booted.serialLog)).not.toContain('LIMADESK-GUEST-MODULE-FAILED');
    const client = await QmpClient.connect(booted.qmpSocket);
    const events = collectEvents(client);
    const pressedAt = Date.now();
    await systemPowerdown(client);
    const code = await Promise.race([booted.exited, sleep(30_000).then(() => 'still running' as const)]);
    const exitMs = Date.now() - pressedAt;
    console.log(`QEMU exited ${exitMs} ms after system_powerdown`);
    expect(code).toBe(0);
    expect(readSerialLog(booted.serialLog)).toContain('LIMADESK-GUEST-POWEROFF');
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['POWERDOWN', 'SHUTDOWN']));
    expect(events.find((e) => e.event === 'SHUTDOWN')?.data).toMatchObject({ guest: true });
  });

  it('ignores the power button when booted with limadesk.ignore_power=1', async () => {
    const booted = await bootGuest('limadesk.ignore_power=1');
    const client = await QmpClient.connect(booted.qmpSocket);
    await systemPowerdown(client);
    await waitForSerial(booted.serialLog, 'LIMADESK-GUEST-POWER-IGNORED', { timeoutMs: 30_000 });
    const code = await Promise.race([booted.exited, sleep(5_000).then(() => 'still running' as const)]);
    expect(code).toBe('still running');
    expect(readSerialLog(booted.serialLog)).not.toContain('LIMADESK-GUEST-POWEROFF');
    expect((await queryStatus(client)).status).toBe('running');
    await quit(client);
    expect(await booted.exited).toBe(0);
  });
});
