// Boot-time overhead of Limadesk: `limadesk start` until the guest's first serial output,
// against the very same QEMU command line started by hand. The command line is the one the
// host agent logged ("VM process started", argv), so both sides boot the same VM.
// Usage: npm run bench [-- --runs N] [--cli path/to/limadesk.cjs]
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { build } from 'esbuild';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, cli: { type: 'string' } } });
// --cli compares another build of the CLI (e.g. a branch's bundle) against the same QEMU.
const cli = values.cli ? path.resolve(values.cli) : path.join(root, 'bin', 'limadesk.cjs');
const runs = Number(values.runs);

async function loadTestGuest() {
  // The guest builder is TypeScript test support; bundle it on the fly rather than duplicate it.
  const entry = path.join(root, 'test', 'support', 'guest', 'index.ts');
  const out = path.join(await mkdtemp(path.join(tmpdir(), 'ld-bench-build-')), 'guest.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'warning',
    // The builder finds its init script and cache relative to its own source file.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(entry).href) },
  });
  try {
    const mod = await import(pathToFileURL(out).href);
    return await mod.ensureTestGuest();
  } finally {
    await rm(path.dirname(out), { recursive: true, force: true });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Resolves with the elapsed ms at which `file` first holds a complete line. */
async function firstOutput(file, started, timeoutMs = 120_000) {
  for (;;) {
    const size = await stat(file).then((s) => s.size, () => 0);
    if (size > 0 && (await readFile(file)).includes(0x0a)) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`no output in ${file} after ${timeoutMs} ms`);
    await sleep(5);
  }
}

async function loggedArgv(dir) {
  const lines = (await readFile(path.join(dir, 'ha.stderr.log'), 'utf8')).split('\n');
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line);
    if (entry.msg === 'VM process started' && entry.argv) return JSON.parse(entry.argv);
  }
  throw new Error(`the host agent logged no argv in ${dir}/ha.stderr.log`);
}

const guest = await loadTestGuest();
const home = await mkdtemp(path.join(tmpdir(), 'ld-bench-'));
const env = { ...process.env, LIMA_HOME: home };
const limadesk = (...args) => run(process.execPath, [cli, ...args], { env });
try {
  const base = path.join(home, 'base.qcow2');
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', base, '64M']);
  const dir = path.join(home, 'bench');
  await mkdir(dir);
  await writeFile(
    path.join(dir, 'lima.yaml'),
    [
      'images:',
      `- location: ${JSON.stringify(base)}`,
      '  arch: x86_64',
      `  kernel: {location: ${JSON.stringify(guest.kernel)}, cmdline: ${JSON.stringify(guest.cmdline)}}`,
      `  initrd: {location: ${JSON.stringify(guest.initrd)}}`,
      'arch: x86_64',
      'cpus: 1',
      'memory: 256MiB',
      'disk: 1GiB',
      'mounts: []',
      'plain: true',
      'firmware: {legacyBIOS: true}',
      '',
    ].join('\n'),
  );
  const serial = path.join(dir, 'serial.log');
  const ours = [];
  const byHand = [];
  let argv;
  for (let i = 0; i < runs; i++) {
    await rm(serial, { force: true });
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'start', 'bench'], { env, stdio: 'ignore' });
    // Listen before awaiting anything: `start` may be done before the serial line shows up.
    const startDone = new Promise((r) => child.on('exit', r));
    ours.push(await firstOutput(serial, started));
    await startDone;
    argv ??= await loggedArgv(dir);
    await limadesk('stop', 'bench', '--force');

    await rm(serial, { force: true });
    const [exe, ...args] = argv;
    const t0 = performance.now();
    const qemu = spawn(exe, args, { stdio: 'ignore', detached: true });
    const qemuDone = new Promise((r) => qemu.on('exit', r));
    byHand.push(await firstOutput(serial, t0));
    qemu.kill('SIGKILL');
    await qemuDone;
    for (const f of ['qemu.pid', 'qmp.sock', 'serial.sock', 'serialv.sock']) await rm(path.join(dir, f), { force: true });
  }
  const mOurs = median(ours);
  const mHand = median(byHand);
  const fmt = (ms) => `${(ms / 1000).toFixed(3)} s`;
  console.log(`\nStart to first serial line, ${runs} runs each (accelerator as the driver chose it: see the argv in ha.stderr.log)\n`);
  console.log('| path                          | median    | runs |');
  console.log('|-------------------------------|-----------|------|');
  console.log(`| limadesk start                | ${fmt(mOurs).padEnd(9)} | ${ours.map((x) => (x / 1000).toFixed(2)).join(' ')} |`);
  console.log(`| same QEMU argv by hand        | ${fmt(mHand).padEnd(9)} | ${byHand.map((x) => (x / 1000).toFixed(2)).join(' ')} |`);
  console.log(`| ratio (limadesk / by hand)    | ${(mOurs / mHand).toFixed(2)}x     |      |`);
} finally {
  await run(process.execPath, [cli, 'stop', '--force', 'bench'], { env }).catch(() => {});
  await rm(home, { recursive: true, force: true });
}
