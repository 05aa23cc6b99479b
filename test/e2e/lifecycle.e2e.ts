import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_MARKER, buildParts, CLI_PATH, createBaseDisk, localGuestYaml, makeTempHome, runCli, tearDown, waitFor, waitForInstanceSerial, writeInstance, type CliResult } from '../support/e2e-kit';
import { ensureTestGuest, type TestGuest } from '../support/guest';

// The built CLI, run as users run it, against a throwaway LIMA_HOME and real QEMU (TCG).
const cliEnv = (): NodeJS.ProcessEnv => ({ ...process.env, LIMA_HOME: home });

let home: string;
let guest: TestGuest;
let baseDisk: string;

const cli = (...args: string[]): Promise<CliResult> => runCli(cliEnv(), args);

async function cliOk(...args: string[]): Promise<string> {
  const r = await cli(...args);
  if (r.code !== 0) throw new Error(`limadesk ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function createInstance(name: string, extraCmdline = ''): string {
  return writeInstance(home, name, localGuestYaml(guest, baseDisk, { extraCmdline }));
}

async function status(name: string): Promise<{ status: string; errors: string[] }> {
  const out = (await cliOk('list', '--json', name)).trim();
  // limactl prints one object per line; an array of them is accepted too.
  const first: unknown = out.startsWith('[') ? (JSON.parse(out) as unknown[])[0] : JSON.parse(out.split('\n')[0] ?? '');
  if (!first) throw new Error(`no instance in list output: ${out}`);
  return first as { status: string; errors: string[] };
}

const RUNTIME_FILES = ['ha.pid', 'ha.sock', 'qemu.pid', 'qmp.sock', 'vncdisplay', 'vncpassword'];
function leftovers(dir: string): string[] {
  return RUNTIME_FILES.filter((f) => existsSync(path.join(dir, f)));
}

/** Reads the RFB greeting and the security types a VNC server offers (RFB 3.8). */
function vncSecurityTypes(port: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    let sentVersion = false;
    socket.setTimeout(10_000, () => socket.destroy(new Error('VNC handshake timed out')));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!sentVersion && buf.length >= 12) {
        if (!buf.subarray(0, 4).equals(Buffer.from('RFB '))) return reject(new Error(`not RFB: ${buf.toString('latin1')}`));
        socket.write('RFB 003.008\n');
        sentVersion = true;
        buf = buf.subarray(12);
      }
      const count = buf[0];
      if (sentVersion && count !== undefined && buf.length >= 1 + count) {
        socket.destroy();
        resolve([...buf.subarray(1, 1 + count)]);
      }
    });
  });
}

beforeAll(async () => {
  buildParts('cli');
  guest = await ensureTestGuest();
  home = makeTempHome('ld-e2e-');
  baseDisk = createBaseDisk(home);
});

afterAll(() => tearDown({ home, instances: ['vm1', 'vm2'] }));

describe('instance lifecycle with the built CLI and real QEMU', () => {
  let dir1: string;

  it('starts: returns once QEMU runs, with the stages on the way', async () => {
    dir1 = createInstance('vm1');
    const started = Date.now();
    const out = await cliOk('start', 'vm1');
    const elapsed = Date.now() - started;
    expect(out).toContain('QEMU started (pid');
    expect(out).toMatch(/running\n/);
    expect(out).toContain('READY.');
    // `running` means QEMU is up and answering QMP, not that the guest has booted.
    expect(elapsed).toBeLessThan(60_000);
    await waitForInstanceSerial(dir1, BOOT_MARKER);
    expect((await status('vm1')).status).toBe('Running');
    const sshPort = Number(/\n\s*Port (\d+)\n/.exec(await readFile(path.join(dir1, 'ssh.config'), 'utf8'))?.[1]);
    expect(sshPort).toBeGreaterThan(0);
  });

  it('refuses a second start while the host agent runs', async () => {
    const r = await cli('start', 'vm1');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('already running');
  });

  it('gives the VNC endpoint, which answers RFB with VNC authentication', async () => {
    const info = JSON.parse(await cliOk('vnc', 'vm1', '--json')) as { host: string; port: number; display: string; password: string };
    expect(info.host).toBe('127.0.0.1');
    expect(info.display).toBe(`127.0.0.1:${info.port - 5900}`);
    expect(info.password).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(await readFile(path.join(dir1, 'vncpassword'), 'utf8')).toBe(info.password);
    expect(await vncSecurityTypes(info.port)).toContain(2);
    // The password must never reach the logs.
    expect(await readFile(path.join(dir1, 'ha.stderr.log'), 'utf8')).not.toContain(info.password);
  });

  it('takes, lists, applies and deletes snapshots of the running VM', async () => {
    await cliOk('snapshot', 'create', 'vm1', '--tag', 'live1');
    expect(await cliOk('snapshot', 'ls', 'vm1', '--quiet')).toBe('live1\n');
    await cliOk('snapshot', 'apply', 'vm1', '--tag', 'live1');
    await cliOk('snapshot', 'del', 'vm1', '--tag', 'live1');
    expect(await cliOk('snapshot', 'list', 'vm1', '--quiet')).toBe('');
    expect((await status('vm1')).status).toBe('Running');
    const noTag = await cli('snapshot', 'create', 'vm1');
    expect(noTag.code).not.toBe(0);
    expect(noTag.stderr).toContain('expected tag');
  });

  it('stops by ACPI within seconds and leaves no runtime files', async () => {
    const started = Date.now();
    const out = await cliOk('stop', 'vm1');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(out).toContain('is Stopped');
    expect((await status('vm1')).status).toBe('Stopped');
    expect(leftovers(dir1)).toEqual([]);
    const again = await cli('stop', 'vm1');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('expected status "Running", got "Stopped" (maybe use `limadesk stop -f`?)');
  });

  it('snapshots the stopped disk with qemu-img', async () => {
    await cliOk('snapshot', 'save', 'vm1', '--tag', 'cold1');
    expect(await cliOk('snapshot', 'list', 'vm1', '--quiet')).toBe('cold1\n');
    await cliOk('snapshot', 'load', 'vm1', '--tag', 'cold1');
    await cliOk('snapshot', 'delete', 'vm1', '--tag', 'cold1');
    expect(await cliOk('snapshot', 'list', 'vm1', '--quiet')).toBe('');
  });

  it('writes Lima-compatible events: booting with the SSH port, running, then exiting', async () => {
    const lines = (await readFile(path.join(dir1, 'ha.stdout.log'), 'utf8')).split('\n').filter(Boolean);
    const events = lines.map((l) => JSON.parse(l) as { time: string; status: Record<string, unknown>; limadesk?: { stage: string } });
    const limaStatusKeys = new Set(['running', 'degraded', 'exiting', 'errors', 'sshLocalPort', 'cloudInitProgress', 'portForward', 'vsock']);
    for (const e of events) {
      expect(Number.isNaN(Date.parse(e.time))).toBe(false);
      expect(Object.keys(e.status).every((k) => limaStatusKeys.has(k))).toBe(true);
      if (e.status.exiting) expect(e.status.running).toBeUndefined();
    }
    const booting = events.findIndex((e) => !e.limadesk && typeof e.status.sshLocalPort === 'number' && !e.status.running);
    const running = events.findIndex((e) => e.status.running === true);
    const exiting = events.findIndex((e) => e.status.exiting === true);
    expect(booting).toBeGreaterThanOrEqual(0);
    expect(running).toBeGreaterThan(booting);
    expect(exiting).toBe(events.length - 1);
    expect(events.map((e) => e.limadesk?.stage).filter(Boolean)).toEqual(
      expect.arrayContaining(['qemu-started', 'vnc-ready', 'qmp-ready', 'stopping', 'qemu-exited']),
    );
  });

  it('kills a guest that ignores the power button once --timeout has passed', async () => {
    const dir2 = createInstance('vm2', 'limadesk.ignore_power=1');
    await cliOk('start', 'vm2');
    await waitForInstanceSerial(dir2, BOOT_MARKER);
    const started = Date.now();
    const out = await cliOk('stop', 'vm2', '--timeout', '5');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(5000);
    expect(elapsed).toBeLessThan(30_000);
    expect(out).toContain('is Stopped');
    expect(leftovers(dir2)).toEqual([]);
  });

  it('notices when QEMU is killed, cleans up and ends Stopped', async () => {
    await cliOk('start', 'vm1');
    const qemuPid = Number((await readFile(path.join(dir1, 'qemu.pid'), 'utf8')).trim());
    process.kill(qemuPid, 'SIGKILL');
    const seen = new Set<string>();
    await waitFor('vm1 to be Stopped after kill -9', 20_000, async () => {
      const s = await status('vm1');
      seen.add(s.status);
      return s.status === 'Stopped' ? true : undefined;
    });
    expect([...seen].every((s) => s === 'Running' || s === 'Broken' || s === 'Stopped')).toBe(true);
    expect(leftovers(dir1)).toEqual([]);
    const last = JSON.parse((await readFile(path.join(dir1, 'ha.stdout.log'), 'utf8')).trim().split('\n').at(-1)!);
    expect(last.status.exiting).toBe(true);
    expect(last.status.errors.join(' ')).toContain('signal SIGKILL');
  });

  it('keeps the VM running when the process that ran start is killed, and stops it later', async () => {
    const starter = spawn(process.execPath, [CLI_PATH, 'start', 'vm1'], { env: cliEnv(), stdio: 'ignore' });
    await waitFor('the host agent to claim vm1', 15_000, async () => (existsSync(path.join(dir1, 'ha.pid')) ? true : undefined));
    starter.kill('SIGKILL');
    await waitForInstanceSerial(dir1, BOOT_MARKER);
    await waitFor('vm1 to be Running without its starter', 60_000, async () => ((await status('vm1')).status === 'Running' ? true : undefined));
    await cliOk('stop', 'vm1');
    expect((await status('vm1')).status).toBe('Stopped');
    expect(leftovers(dir1)).toEqual([]);
  });

  it('gives up waiting for SSH after --timeout (the test guest has no SSH server) and leaves the VM running', async () => {
    const r = await cli('start', 'vm1', '--wait', 'ssh', '--timeout', '8');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/running\n/);
    expect(r.stderr).toContain('did not receive an event with the "ssh-ready" status in 8s');
    expect((await status('vm1')).status).toBe('Running');
    await cliOk('stop', 'vm1');
    expect(leftovers(dir1)).toEqual([]);
  });
});
