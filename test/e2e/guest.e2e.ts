import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QmpClient } from '../../src-main/core/qmp/client';
import { inputSendEvent, queryStatus, quit, systemPowerdown } from '../../src-main/core/qmp/commands';
import type { QmpEvent } from '../../src-main/core/qmp/types';
import { ensureTestGuest, type TestGuest } from '../support/guest';
import { keyEventsFor } from '../support/guest/keyboard';
import { readSerialLog, waitForSerial } from '../support/guest/serial-log';

interface BootedGuest {
  qemu: ChildProcess;
  exited: Promise<number | null>;
  serialLog: string;
  serialSocket: string;
  qmpSocket: string;
  bootMs: number;
}

let guest: TestGuest;
let workDir: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  guest = await ensureTestGuest();
});

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'limadesk-guest-'));
});

afterEach(() => {
  for (const qemu of running.splice(0)) if (qemu.exitCode === null && qemu.signalCode === null) qemu.kill('SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
});

interface BootOptions {
  cmdline?: string;
  kernel?: string;
  /** 'std' is QEMU's standard VGA (bochs DRM in the guest); 'virtio' is virtio-vga, as the QEMU driver uses. */
  vga?: 'std' | 'virtio';
  extraArgs?: string[];
}

async function bootGuest({ cmdline = '', kernel = guest.kernel, vga = 'std', extraArgs = [] }: BootOptions = {}): Promise<BootedGuest> {
  const serialLog = join(workDir, 'serial.log');
  const serialSocket = join(workDir, 'serial.sock');
  const qmpSocket = join(workDir, 'qmp.sock');
  const started = Date.now();
  const qemu = spawn('qemu-system-x86_64', [
    '-machine', 'q35', '-accel', 'tcg', '-m', '256', '-nodefaults', '-display', 'none',
    ...(vga === 'std' ? ['-vga', 'std'] : ['-vga', 'none', '-device', 'virtio-vga']),
    '-kernel', kernel, '-initrd', guest.initrd, '-append', `${guest.cmdline} ${cmdline}`.trim(),
    // The serial console as the QEMU driver wires it: a socket to type into, logged to a file.
    '-chardev', `socket,id=char-serial,path=${serialSocket},server=on,wait=off,logfile=${serialLog}`,
    '-serial', 'chardev:char-serial',
    '-qmp', `unix:${qmpSocket},server=on,wait=off`,
    '-no-reboot',
    ...extraArgs,
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
  console.log(`test guest ${guest.version} (${kernel}) booted to LIMADESK-GUEST-BOOTED in ${bootMs} ms (TCG)`);
  return { qemu, exited, serialLog, serialSocket, qmpSocket, bootMs };
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

  it('ignores the power button when booted with limadesk.ignore_power=1 (from the shipped bzImage)', async () => {
    const booted = await bootGuest({ cmdline: 'limadesk.ignore_power=1', kernel: guest.bzImage });
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

  it('reports the files of a cidata cdrom with their sha256, and mounts a 9p share', async () => {
    const seed = join(workDir, 'seed');
    mkdirSync(seed);
    const files = { 'user-data': '#cloud-config\nhostname: guest-test\n', 'meta-data': 'instance-id: iid-1\n' };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(seed, name), text);
    const iso = join(workDir, 'cidata.iso');
    execFileSync('genisoimage', ['-quiet', '-output', iso, '-volid', 'cidata', '-joliet', '-rock', seed]);
    const share = join(workDir, 'share');
    mkdirSync(share);

    const booted = await bootGuest({
      cmdline: 'limadesk.9p=share0',
      extraArgs: [
      '-device', 'virtio-scsi-pci,id=scsi0',
      '-drive', `id=cdrom0,if=none,format=raw,readonly=on,file=${iso}`,
      '-device', 'scsi-cd,bus=scsi0.0,drive=cdrom0',
        '-virtfs', `local,path=${share},mount_tag=share0,security_model=none`,
      ],
    });
    const log = await waitForSerial(booted.serialLog, 'LIMADESK-CIDATA-DONE', { timeoutMs: 30_000 });
    const reported = log.split(/\r?\n/).filter((line) => line.startsWith('CIDATA '));
    const expected = Object.entries(files).map(([name, text]) => `CIDATA ${name} ${createHash('sha256').update(text).digest('hex')}`);
    expect(reported.sort()).toEqual(expected.sort());
    expect(log).toContain('LIMADESK-CIDATA-DONE 2');
    await waitForSerial(booted.serialLog, 'LIMADESK-9P-MOUNTED share0', { timeoutMs: 30_000 });
  });

  it('runs what is typed on the serial socket and on the VGA console, and draws text on the screen', async () => {
    const booted = await bootGuest({ vga: 'virtio' });
    const serial = createConnection({ path: booted.serialSocket });
    await once(serial, 'connect');
    // The shell echoes what it reads, so only the evaluated result proves the command ran.
    serial.write('echo serial-$((6*7))\n');
    await waitForSerial(booted.serialLog, 'serial-42', { timeoutMs: 30_000 });
    serial.destroy();

    const client = await QmpClient.connect(booted.qmpSocket);
    for (const char of 'echo vga-$((6*7)) >/dev/ttyS0\n') {
      await inputSendEvent(client, keyEventsFor(char));
      await sleep(20);
    }
    await waitForSerial(booted.serialLog, 'vga-42', { timeoutMs: 30_000 });

    const dump = join(workDir, 'screen.ppm');
    await client.executeRaw('screendump', { filename: dump });
    const { width, height, foreground } = inspectPpm(readFileSync(dump));
    console.log(`virtio-vga screen ${width}x${height}: ${foreground} pixels differ from the background`);
    expect(width).toBeGreaterThan(0);
    // A few text lines (boot marker, shell banner, prompt, typed command) are thousands of pixels.
    expect(foreground).toBeGreaterThan(2000);
    await quit(client);
  });
});

/** Reads a binary PPM (P6, what QEMU's screendump writes) and counts pixels unlike the most common colour. */
function inspectPpm(bytes: Buffer): { width: number; height: number; foreground: number } {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  if (header === null) throw new Error('screendump did not produce a P6 PPM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = bytes.subarray(header[0].length);
  const counts = new Map<number, number>();
  for (let i = 0; i + 2 < pixels.length; i += 3) {
    const rgb = (pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!;
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  return { width, height, foreground: width * height - background };
}
