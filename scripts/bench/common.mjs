// Shared by the bench sections: the test guest, a throwaway LIMA_HOME, the CLI, medians.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, totalmem, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

export const run = promisify(execFile);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BOOT_MARKER = 'LIMADESK-GUEST-BOOTED';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Bundles a TypeScript module of the project on the fly (no copy of it here) and imports it. */
export async function importTs(relativeEntry) {
  const entry = path.join(root, relativeEntry);
  // Inside node_modules so the external packages resolve from the bundle's location.
  await mkdir(path.join(root, 'node_modules', '.cache'), { recursive: true });
  const dir = await mkdtemp(path.join(root, 'node_modules', '.cache', 'ld-bench-'));
  const out = path.join(dir, 'module.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'error',
    // Native or optional dependencies stay outside; they resolve from the project's node_modules.
    packages: 'external',
    // Source that finds files next to itself keeps doing so from the bundle.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(entry).href), 'import.meta.dirname': JSON.stringify(path.dirname(entry)) },
  });
  try {
    return await import(pathToFileURL(out).href);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let guestPromise;
export function testGuest() {
  guestPromise ??= importTs('test/support/guest/index.ts').then((m) => m.ensureTestGuest());
  return guestPromise;
}

/** A LIMA_HOME with a 64 MiB base disk, and the CLI bound to it. */
export async function benchHome(cli) {
  const home = await mkdtemp(path.join(tmpdir(), 'ld-bench-'));
  const base = path.join(home, 'base.qcow2');
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', base, '64M']);
  const env = { ...process.env, LIMA_HOME: home };
  const limadesk = (...args) => run(process.execPath, [cli, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
  const stopAll = async (names) => {
    for (const name of names) await limadesk('stop', '--force', name).catch(() => undefined);
  };
  return { home, base, env, limadesk, stopAll, remove: () => rm(home, { recursive: true, force: true }) };
}

/** lima.yaml for the busybox test guest: TCG, 1 CPU, small memory; `ssh` boots its sshd (for the guest's own figures). */
export async function writeGuestInstance(home, base, name, { memory = '192MiB', ssh = false } = {}) {
  const guest = await testGuest();
  const dir = path.join(home, name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'lima.yaml'),
    [
      'images:',
      `- location: ${JSON.stringify(base)}`,
      '  arch: x86_64',
      `  kernel: {location: ${JSON.stringify(guest.kernel)}, cmdline: ${JSON.stringify(ssh ? `${guest.cmdline} limadesk.ssh=1` : guest.cmdline)}}`,
      `  initrd: {location: ${JSON.stringify(guest.initrd)}}`,
      'arch: x86_64',
      'cpus: 1',
      `memory: ${memory}`,
      'disk: 1GiB',
      'mounts: []',
      'plain: true',
      'firmware: {legacyBIOS: true}',
      ...(ssh ? ['user: {name: tester, uid: 4242}', 'video: {display: none}'] : []),
      '',
    ].join('\n'),
  );
  return dir;
}

/** Resolves with the ms since `started` at which `file` holds `text` (or any complete line when text is '\n'). */
export async function waitForText(file, text, started, timeoutMs = 180_000) {
  for (;;) {
    const size = await stat(file).then((s) => s.size, () => 0);
    if (size > 0 && (await readFile(file, 'latin1')).includes(text)) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`no ${JSON.stringify(text)} in ${file} after ${timeoutMs} ms`);
    await sleep(5);
  }
}

export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function machine() {
  const cpuList = cpus();
  const qemu = (await run('qemu-system-x86_64', ['--version']).catch(() => ({ stdout: 'not installed' }))).stdout.split('\n')[0];
  const kvm = await stat('/dev/kvm').then(() => 'present', () => 'absent');
  const load = (await readFile('/proc/loadavg', 'utf8').catch(() => '')).split(' ').slice(0, 3).join(' ');
  return {
    cpu: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    ramGiB: (totalmem() / 2 ** 30).toFixed(1),
    qemu,
    kvm,
    node: process.version,
    load,
    date: new Date().toISOString(),
  };
}

/** Spawns and returns the child with an exit promise. */
export function spawnWithExit(cmd, args, options) {
  const child = spawn(cmd, args, options);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, exited };
}
