import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src-main/common/logger';
import { loadLimaYaml } from '../../src-main/core/config/load';
import type { Driver, DriverInstance, StartedVm } from '../../src-main/core/driver/driver';
import { mountTag } from '../../src-main/core/driver/qemu/mounts';
import { createDriver } from '../../src-main/core/driver/registry';
import { QmpClient } from '../../src-main/core/qmp/client';
import { hmp, queryStatus } from '../../src-main/core/qmp/commands';
import { ensureTestGuest, type TestGuest } from '../support/guest';
import { waitForSerial } from '../support/guest/serial-log';

const LIMA_YAML = `vmType: qemu
arch: x86_64
images:
- location: /nonexistent/image.qcow2
  arch: x86_64
cpus: 1
memory: 512MiB
disk: 256MiB
firmware:
  legacyBIOS: true
mounts: []
video:
  display: vnc
`;

let guest: TestGuest;
let limaHome: string;
let dir: string;
let instance: DriverInstance;
let driver: Driver;
const logLines: string[] = [];
const started: StartedVm[] = [];

const logger: Logger = {
  debug: (m, f) => void logLines.push(`debug ${m} ${JSON.stringify(f ?? {})}`),
  info: (m, f) => void logLines.push(`info ${m} ${JSON.stringify(f ?? {})}`),
  warn: (m, f) => void logLines.push(`warn ${m} ${JSON.stringify(f ?? {})}`),
  error: (m, f) => void logLines.push(`error ${m} ${JSON.stringify(f ?? {})}`),
};

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function boot(cmdlineExtra = ''): Promise<{ vm: StartedVm; bootMs: number }> {
  writeFileSync(join(dir, 'kernel.cmdline'), `${guest.cmdline}${cmdlineExtra}`);
  const t0 = Date.now();
  const vm = await driver.start();
  started.push(vm);
  try {
    await waitForSerial(join(dir, 'serial.log'), 'LIMADESK-GUEST-BOOTED', { timeoutMs: 120_000, alive: () => alive(vm.pid) });
  } catch (err) {
    if (alive(vm.pid)) process.kill(vm.pid, 'SIGKILL');
    throw new Error(`${(err as Error).message}\ndriver log:\n${logLines.slice(-30).join('\n')}`, { cause: err });
  }
  return { vm, bootMs: Date.now() - t0 };
}

/** Reads the RFB greeting, answers with the same version, and returns the offered security types. */
function rfbSecurityTypes(port: number): Promise<{ version: string; types: number[] }> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let version = '';
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!version && buf.length >= 12) {
        version = buf.subarray(0, 12).toString('latin1');
        buf = buf.subarray(12);
        socket.write(version);
      }
      if (version && buf.length >= 1 && buf.length >= 1 + (buf[0] ?? 0)) {
        resolve({ version: version.trim(), types: [...buf.subarray(1, 1 + (buf[0] ?? 0))] });
        socket.destroy();
      }
    });
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  guest = await ensureTestGuest();
  limaHome = mkdtempSync(join(tmpdir(), 'limadesk-drv-'));
  dir = join(limaHome, 'e2e');
  mkdirSync(dir);
  writeFileSync(join(dir, 'lima.yaml'), LIMA_YAML);
  copyFileSync(guest.kernel, join(dir, 'kernel'));
  copyFileSync(guest.initrd, join(dir, 'initrd'));
  execFileSync('qemu-img', ['create', '-f', 'qcow2', join(dir, 'image'), '128M'], { stdio: 'pipe' });
  const loaded = await loadLimaYaml({ file: join(dir, 'lima.yaml'), limaHome, instanceDir: dir });
  if (!loaded.config) throw new Error(`lima.yaml did not load: ${JSON.stringify(loaded.issues)}`);
  instance = { name: 'e2e', dir, limaHome, config: loaded.config, sshLocalPort: await freePort() };
  driver = createDriver('qemu', instance, { logger });
});

afterAll(() => {
  for (const vm of started) if (alive(vm.pid)) process.kill(vm.pid, 'SIGKILL');
  rmSync(limaHome, { recursive: true, force: true });
});

describe('QEMU driver against real QEMU (TCG)', () => {
  it('validates and makes the disk from the image, grown to `disk:`', async () => {
    expect((await driver.validate()).filter((i) => i.severity === 'error')).toEqual([]);
    await driver.createDisk();
    expect(existsSync(join(dir, 'image'))).toBe(false);
    const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', join(dir, 'disk')], { encoding: 'utf8' })) as { 'virtual-size': number };
    expect(info['virtual-size']).toBe(256 * 1024 * 1024);
  });

  it('boots, serves VNC with password auth, and snapshots while running', async () => {
    const { vm, bootMs } = await boot();
    console.log(`boot to LIMADESK-GUEST-BOOTED: ${bootMs} ms`);
    expect(logLines.some((l) => l.startsWith('debug qemu[std'))).toBe(true);

    const password = 'ab3Cd9Ef';
    await driver.changeDisplayPassword(password);
    const port = Number(await driver.displayConnection());
    expect(port).toBeGreaterThanOrEqual(5900);
    expect(await rfbSecurityTypes(port)).toEqual({ version: 'RFB 003.008', types: [2] });

    await driver.createSnapshot('snap1');
    expect(await driver.listSnapshots()).toMatch(/^ID\s+TAG\s+VM SIZE.*\n.*snap1/s);
    await driver.applySnapshot('snap1');
    await expect(driver.applySnapshot('bogus')).rejects.toThrow(/bogus/);
    const client = await QmpClient.connect(join(dir, 'qmp.sock'));
    try {
      expect(await queryStatus(client)).toMatchObject({ running: true });
    } finally {
      client.close();
    }
    // QEMU 7.2's delvm of an unknown tag prints nothing: nothing to report.
    await driver.deleteSnapshot('snap1');
    expect(await driver.listSnapshots()).not.toContain('snap1');

    const t0 = Date.now();
    await driver.stop();
    const stopMs = Date.now() - t0;
    console.log(`stop by ACPI power button: ${stopMs} ms`);
    expect(stopMs).toBeLessThan(30_000);
    expect(await vm.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dir, 'qemu.pid'))).toBe(false);
    expect(logLines.join('\n')).not.toContain(password);
  });

  it('snapshots the stopped disk with qemu-img', async () => {
    await driver.createSnapshot('offline');
    expect(await driver.listSnapshots()).toMatch(/ID\s+TAG.*\n.*offline/s);
    await driver.applySnapshot('offline');
    await expect(driver.applySnapshot('bogus')).rejects.toThrow(/Could not apply snapshot 'bogus'/);
    await driver.deleteSnapshot('offline');
    expect(await driver.listSnapshots()).not.toContain('offline');
  });

  it('kills a guest that ignores the power button after the stop timeout', async () => {
    const { vm, bootMs } = await boot(' limadesk.ignore_power=1');
    console.log(`second boot (ignore_power): ${bootMs} ms`);
    const t0 = Date.now();
    await driver.stop({ timeoutMs: 3000 });
    const stopMs = Date.now() - t0;
    console.log(`stop with ignored power button (3 s timeout, then SIGKILL): ${stopMs} ms`);
    // The power button was ignored for the whole timeout before the kill.
    expect(stopMs).toBeGreaterThanOrEqual(3000);
    expect(stopMs).toBeLessThan(15_000);
    expect(await vm.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(existsSync(join(dir, 'qemu.pid'))).toBe(false);
  });
});

describe('QEMU driver: a `socket:` network reaches QEMU as an inherited fd', () => {
  it('connects the socket, hands it over as fd 3, and QEMU uses it as net1', async () => {
    const netDir = join(limaHome, 'net');
    mkdirSync(netDir);
    copyFileSync(guest.kernel, join(netDir, 'kernel'));
    copyFileSync(guest.initrd, join(netDir, 'initrd'));
    writeFileSync(join(netDir, 'kernel.cmdline'), guest.cmdline);
    execFileSync('qemu-img', ['create', '-f', 'qcow2', join(netDir, 'disk'), '64M'], { stdio: 'pipe' });
    const sockPath = join(limaHome, 'switch.sock');
    const accepted: net.Socket[] = [];
    const server = net.createServer((s) => void accepted.push(s));
    await new Promise<void>((r) => server.listen(sockPath, r));
    const config = { ...instance.config, networks: [{ socket: sockPath, macAddress: '52:55:55:12:34:56' }] };
    const netDriver = createDriver('qemu', { ...instance, name: 'net', dir: netDir, config }, { logger });
    try {
      const vm = await netDriver.start();
      started.push(vm);
      await waitForSerial(join(netDir, 'serial.log'), 'LIMADESK-GUEST-BOOTED', { timeoutMs: 120_000, alive: () => alive(vm.pid) });
      expect(accepted).toHaveLength(1);
      const client = await QmpClient.connect(join(netDir, 'qmp.sock'));
      try {
        expect(await hmp(client, 'info network')).toMatch(/net1: index=0,type=socket,socket: fd=3/);
      } finally {
        client.close();
      }
      await netDriver.stop({ timeoutMs: 30_000 });
      expect(await vm.exited).toEqual({ code: 0, signal: null });
    } finally {
      for (const s of accepted) s.destroy();
      server.close();
    }
  });
});

describe('QEMU driver: 9p mount and an additional disk', () => {
  it('the guest mounts the share by its Lima tag; the data disk is locked while running and unlocked after', async () => {
    const dataDir = join(limaHome, 'share-me');
    const mountDir = join(limaHome, 'mnt9p');
    mkdirSync(mountDir);
    mkdirSync(join(limaHome, '_disks', 'data'), { recursive: true });
    execFileSync('qemu-img', ['create', '-f', 'qcow2', join(limaHome, '_disks', 'data', 'datadisk'), '32M'], { stdio: 'pipe' });
    copyFileSync(guest.kernel, join(mountDir, 'kernel'));
    copyFileSync(guest.initrd, join(mountDir, 'initrd'));
    execFileSync('qemu-img', ['create', '-f', 'qcow2', join(mountDir, 'disk'), '64M'], { stdio: 'pipe' });
    const tag = mountTag(dataDir, '/mnt/share');
    writeFileSync(join(mountDir, 'kernel.cmdline'), `${guest.cmdline} limadesk.9p=${tag}`);
    const config = {
      ...instance.config,
      mountType: '9p' as const,
      mounts: [{ location: dataDir, mountPoint: '/mnt/share', writable: true, '9p': { securityModel: 'none' } }],
      additionalDisks: ['data'],
    };
    const mountDriver = createDriver('qemu', { ...instance, name: 'mnt9p', dir: mountDir, config }, { logger });
    const vm = await mountDriver.start();
    started.push(vm);
    // The host directory did not exist: the driver creates it, as QEMU refuses a missing one.
    expect(lstatSync(dataDir).isDirectory()).toBe(true);
    expect(readlinkSync(join(limaHome, '_disks', 'data', 'in_use_by'))).toBe(mountDir);
    await waitForSerial(join(mountDir, 'serial.log'), `LIMADESK-9P-MOUNTED ${tag}`, { timeoutMs: 120_000, alive: () => alive(vm.pid) });
    await mountDriver.stop({ timeoutMs: 30_000 });
    // `exited` settles only after the driver's own cleanup, unlocking included.
    await vm.exited;
    expect(existsSync(join(limaHome, '_disks', 'data', 'in_use_by'))).toBe(false);
  });
});
