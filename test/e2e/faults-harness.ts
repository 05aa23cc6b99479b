import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  BOOT_MARKER,
  buildParts,
  CLI_PATH,
  createBaseDisk,
  localGuestYaml,
  makeTempHome,
  runCli,
  waitFor,
  waitForInstanceSerial,
  writeInstance,
  type CliResult,
} from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';

// Shared by the fault tests: a throwaway LIMA_HOME with the e2e kit's test-guest instances,
// the built CLI run as users run it, and the checks every fault ends with (true status, no
// leftover files or processes).
export { BOOT_MARKER, waitFor, type CliResult };
export const cliPath = CLI_PATH;
export const run = promisify(execFile);

export interface FaultHome {
  home: string;
  env: NodeJS.ProcessEnv;
  cli(...args: string[]): Promise<CliResult>;
  cliOk(...args: string[]): Promise<string>;
  createInstance(name: string, options?: { extraCmdline?: string; extraYaml?: string[] }): Promise<string>;
  status(name: string): Promise<{ status: string; errors: string[] }>;
}

export async function makeFaultHome(): Promise<FaultHome> {
  buildParts('cli');
  const guest = await ensureTestGuest();
  const home = makeTempHome('ld-flt-');
  const baseDisk = createBaseDisk(home);
  const env = { ...process.env, LIMA_HOME: home };

  const cli = (...args: string[]): Promise<CliResult> => runCli(env, args);
  const cliOk = async (...args: string[]): Promise<string> => {
    const r = await cli(...args);
    if (r.code !== 0) throw new Error(`limadesk ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const createInstance = async (name: string, options: { extraCmdline?: string; extraYaml?: string[] } = {}): Promise<string> =>
    writeInstance(home, name, localGuestYaml(guest, baseDisk, { memory: '192MiB', extraCmdline: options.extraCmdline, extraLines: options.extraYaml }));
  const status = async (name: string): Promise<{ status: string; errors: string[] }> => {
    const out = (await cliOk('list', '--json', name)).trim();
    // limactl prints one object per line; an array of them is accepted too.
    const first: unknown = out.startsWith('[') ? (JSON.parse(out) as unknown[])[0] : JSON.parse(out.split('\n')[0] ?? '');
    if (!first) throw new Error(`no instance in list output: ${out}`);
    return first as { status: string; errors: string[] };
  };
  return { home, env, cli, cliOk, createInstance, status };
}

export async function waitForSerial(dir: string, text: string, timeoutMs = 120_000): Promise<void> {
  await waitForInstanceSerial(dir, text, timeoutMs);
}

export const RUNTIME_FILES = ['ha.pid', 'ha.sock', 'qemu.pid', 'qmp.sock', 'vncdisplay', 'vncpassword', 'serial.sock', 'serialp.sock', 'serialv.sock'];
export function leftoverFiles(dir: string): string[] {
  return RUNTIME_FILES.filter((f) => existsSync(path.join(dir, f)));
}

/**
 * Live processes whose command line mentions `dir`: QEMU (its disks and sockets live there)
 * and the host agent (its --pidfile). After a fault has settled there must be none.
 */
export async function processesUsing(dir: string): Promise<Array<{ pid: number; argv: string[] }>> {
  const found: Array<{ pid: number; argv: string[] }> = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const raw = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (!raw) continue;
    const argv = raw.split('\0').filter(Boolean);
    if (argv.some((a) => a.includes(dir + '/') || a === dir)) found.push({ pid: Number(entry), argv });
  }
  return found;
}

export async function qemuPid(dir: string): Promise<number> {
  return Number((await readFile(path.join(dir, 'qemu.pid'), 'utf8')).trim());
}

export async function haPid(dir: string): Promise<number> {
  return Number((await readFile(path.join(dir, 'ha.pid'), 'utf8')).trim());
}

/** The events the host agent wrote for its last run. */
export async function events(dir: string): Promise<Array<{ status: { running?: boolean; exiting?: boolean; errors?: string[] }; limadesk?: { stage: string; message?: string } }>> {
  const text = await readFile(path.join(dir, 'ha.stdout.log'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as never);
}

/** A file's bytes plus a digest-free fingerprint of the disk: enough to prove nothing was lost. */
export async function snapshotTags(dir: string): Promise<string[]> {
  const { stdout } = await run('qemu-img', ['info', '-U', '--output=json', path.join(dir, 'disk')]);
  const info = JSON.parse(stdout) as { snapshots?: Array<{ name: string }> };
  return (info.snapshots ?? []).map((s) => s.name).sort();
}

export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0; it is dead for our purposes.
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/\) Z /.test(stat);
}

export async function linkTarget(file: string): Promise<string | undefined> {
  return readlink(file).catch(() => undefined);
}
