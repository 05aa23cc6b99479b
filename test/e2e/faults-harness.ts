import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';

export { waitFor };

// Shared by the fault tests: a throwaway LIMA_HOME, the built CLI run as users run it, and
// the checks every fault ends with (true status, no leftover files or processes).
export const root = path.resolve(import.meta.dirname, '..', '..');
export const cliPath = path.join(root, 'bin', 'limadesk.cjs');
export const BOOT_MARKER = 'LIMADESK-GUEST-BOOTED';
export const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface FaultHome {
  home: string;
  env: NodeJS.ProcessEnv;
  cli(...args: string[]): Promise<CliResult>;
  cliOk(...args: string[]): Promise<string>;
  createInstance(name: string, options?: { extraCmdline?: string; extraYaml?: string[] }): Promise<string>;
  status(name: string): Promise<{ status: string; errors: string[] }>;
}

export async function makeFaultHome(): Promise<FaultHome> {
  await run(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'cli'], { cwd: root });
  const guest = await ensureTestGuest();
  // Short path: unix socket paths inside the instance directory must stay under 108 bytes.
  const home = await mkdtemp(path.join(tmpdir(), 'ld-flt-'));
  const baseDisk = path.join(home, 'base.qcow2');
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', baseDisk, '64M']);
  const env = { ...process.env, LIMA_HOME: home };

  const cli = async (...args: string[]): Promise<CliResult> => {
    try {
      const { stdout, stderr } = await run(process.execPath, [cliPath, ...args], { env, timeout: 300_000 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  };
  const cliOk = async (...args: string[]): Promise<string> => {
    const r = await cli(...args);
    if (r.code !== 0) throw new Error(`limadesk ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const createInstance = async (name: string, options: { extraCmdline?: string; extraYaml?: string[] } = {}): Promise<string> => {
    const dir = path.join(home, name);
    await mkdir(dir, { recursive: true });
    const cmdline = `${guest.cmdline} ${options.extraCmdline ?? ''}`.trim();
    const yaml = [
      'vmType: qemu',
      'arch: x86_64',
      'images:',
      `- location: ${JSON.stringify(baseDisk)}`,
      '  arch: x86_64',
      '  kernel:',
      `    location: ${JSON.stringify(guest.kernel)}`,
      `    cmdline: ${JSON.stringify(cmdline)}`,
      '  initrd:',
      `    location: ${JSON.stringify(guest.initrd)}`,
      'cpus: 1',
      'memory: 192MiB',
      'disk: 1GiB',
      'mounts: []',
      'plain: true',
      'firmware:',
      '  legacyBIOS: true',
      'video:',
      '  display: vnc',
      ...(options.extraYaml ?? []),
      '',
    ].join('\n');
    await writeFile(path.join(dir, 'lima.yaml'), yaml);
    return dir;
  };
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
  await waitFor(`"${text}" in ${dir}/serial.log`, timeoutMs, async () => {
    const log = await readFile(path.join(dir, 'serial.log'), 'utf8').catch(() => '');
    return log.includes(text) ? true : undefined;
  });
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
