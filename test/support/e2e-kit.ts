import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { waitForSerial } from './guest/serial-log';

// The setup and teardown the end-to-end tests share: a throwaway LIMA_HOME holding test-guest
// instances, the built CLI run as users run it, `limadesk serve` with its token, and Chromium.

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const CLI_PATH = path.join(ROOT, 'bin', 'limadesk.cjs');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
export const BOOT_MARKER = 'LIMADESK-GUEST-BOOTED';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const run = promisify(execFile);

/** Builds only the parts a test runs: a full build would wipe out/ under other running tests. */
export function buildParts(...parts: Array<'cli' | 'renderer'>): void {
  execFileSync(process.execPath, ['scripts/build.mjs', ...parts], { cwd: ROOT, stdio: 'inherit' });
}

/** A fresh directory under the system temp directory. */
export function makeTempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/**
 * A fresh LIMA_HOME. Keep `prefix` short: unix socket paths inside an instance directory
 * must stay under 108 bytes.
 */
export function makeTempHome(prefix: string): string {
  return makeTempDir(prefix);
}

/** An empty qcow2 disk for test-guest instances to start from (the guest runs from its initramfs). */
export function createBaseDisk(home: string): string {
  const base = path.join(home, 'base.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', base, '64M']);
  return base;
}

/** A file lima.yaml points at, with the digest Lima checks it against when it is downloaded. */
export interface ImageFile {
  location: string;
  digest?: string;
}

export interface GuestYamlOptions {
  disk: ImageFile;
  kernel: ImageFile;
  initrd: ImageFile;
  cmdline: string;
  /** Kept small: several engineers' guests share two cores and little memory. */
  memory?: string;
  /** `none` when nothing in the test looks at the screen. */
  display?: 'vnc' | 'none';
  /** Comment lines written above the first key, as a hand-edited file has them. */
  header?: string[];
  /** Comments at the end of the cpus and memory lines, for tests that check edits keep them. */
  lineComments?: { cpus?: string; memory?: string };
  /** Further lines appended as they are (user:, ssh:, …). */
  extraLines?: string[];
}

const withComment = (line: string, comment: string | undefined): string => (comment ? `${line} # ${comment}` : line);
const digestLine = (indent: string, file: ImageFile): string[] => (file.digest ? [`${indent}digest: ${JSON.stringify(file.digest)}`] : []);

/** A lima.yaml that boots a kernel and initrd directly under TCG, with legacy BIOS and no mounts. */
export function guestYaml(options: GuestYamlOptions): string {
  return [
    ...(options.header ?? []).map((line) => `# ${line}`),
    'vmType: qemu',
    'arch: x86_64',
    'images:',
    `- location: ${JSON.stringify(options.disk.location)}`,
    '  arch: x86_64',
    ...digestLine('  ', options.disk),
    '  kernel:',
    `    location: ${JSON.stringify(options.kernel.location)}`,
    ...digestLine('    ', options.kernel),
    `    cmdline: ${JSON.stringify(options.cmdline)}`,
    '  initrd:',
    `    location: ${JSON.stringify(options.initrd.location)}`,
    ...digestLine('    ', options.initrd),
    withComment('cpus: 1', options.lineComments?.cpus),
    withComment(`memory: ${options.memory ?? '256MiB'}`, options.lineComments?.memory),
    'disk: 1GiB',
    'mounts: []',
    'plain: true',
    'firmware:',
    '  legacyBIOS: true',
    'video:',
    `  display: ${options.display ?? 'vnc'}`,
    ...(options.extraLines ?? []),
    '',
  ].join('\n');
}

/** The local test guest (see support/guest) booting from `baseDisk`; `extraCmdline` adds kernel options such as limadesk.ssh=1. */
export function localGuestYaml(
  guest: { kernel: string; initrd: string; cmdline: string },
  baseDisk: string,
  options: Omit<GuestYamlOptions, 'disk' | 'kernel' | 'initrd' | 'cmdline'> & { extraCmdline?: string } = {},
): string {
  const { extraCmdline, ...rest } = options;
  return guestYaml({
    ...rest,
    disk: { location: baseDisk },
    kernel: { location: guest.kernel },
    initrd: { location: guest.initrd },
    cmdline: `${guest.cmdline} ${extraCmdline ?? ''}`.trim(),
  });
}

/** Creates the instance directory `name` in `home` with the given lima.yaml; returns the directory. */
export function writeInstance(home: string, name: string, yaml: string): string {
  const dir = path.join(home, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'lima.yaml'), yaml);
  return dir;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with `env`; a failure is a result with its exit code, not a throw. */
export async function runCli(env: NodeJS.ProcessEnv, args: string[], timeoutMs = 300_000): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_PATH, ...args], { env, timeout: timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Polls `probe` until it returns a value; the error names `what` it waited for. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, pollMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Waits for `text` in an instance's serial.log (QEMU's copy of the guest console); returns the log. */
export function waitForInstanceSerial(instanceDir: string, text: string, timeoutMs = 120_000): Promise<string> {
  return waitForSerial(path.join(instanceDir, 'serial.log'), text, { timeoutMs });
}

export interface Serve {
  child: ChildProcess;
  /** The printed URL, token included. */
  url: URL;
  /** Everything serve printed so far, for failure messages. */
  output(): string;
}

/** Starts `limadesk serve` (on a free port unless `args` say otherwise) and resolves once it prints its URL. */
export function startServe(home: string, extraEnv: NodeJS.ProcessEnv = {}, args: string[] = ['--port', '0']): Promise<Serve> {
  const child = spawn(process.execPath, [CLI_PATH, 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, LIMA_HOME: home, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within 30 s; output:\n${out}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: new URL(m[0]), output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    // Once the URL is out this settles nothing; before it, it explains the failure at once.
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
}

/** Stops serve the way a user's Ctrl-C would, and waits until it is gone. */
export async function stopServe(serve: Serve | undefined): Promise<void> {
  const child = serve?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export interface ApiAnswer {
  ok: boolean;
  code?: string;
  message?: string;
  value?: unknown;
}

/** Calls serve's HTTP API with the bearer token from its URL. */
export function apiCaller(url: URL): (method: string, params: unknown) => Promise<ApiAnswer> {
  return async (method, params) => {
    const res = await fetch(`${url.origin}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${url.searchParams.get('token') ?? ''}`, 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    return (await res.json()) as ApiAnswer;
  };
}

/** Debian's Chromium, headless and quiet on the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Forced stops of whatever state a failed test left behind; stopping an instance that is gone just fails. */
export function forceStopAll(home: string, names: readonly string[]): void {
  for (const name of names) {
    spawnSync(process.execPath, [CLI_PATH, 'stop', '--force', name], { env: { ...process.env, LIMA_HOME: home }, stdio: 'ignore' });
  }
}

/**
 * Kills any process still naming a path under `home` on its command line: a QEMU or host
 * agent that outlived its forced stop would otherwise keep burning the shared CPU.
 */
export function killLeftovers(home: string): number[] {
  const killed: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!argv.some((arg) => arg.includes(`${home}/`))) continue;
    try {
      process.kill(Number(entry), 'SIGKILL');
      killed.push(Number(entry));
    } catch {
      // Already gone.
    }
  }
  return killed;
}

export interface Teardown {
  browser?: Browser | undefined;
  serve?: Serve | undefined;
  home?: string | undefined;
  instances?: readonly string[];
  /** Other temporary directories to remove (a private renderer copy, …). */
  dirs?: ReadonlyArray<string | undefined>;
}

/** Undoes a test's setup in the safe order: page, VMs, serve, stragglers, files. */
export async function tearDown({ browser, serve, home, instances = [], dirs = [] }: Teardown): Promise<void> {
  await browser?.close();
  if (home) forceStopAll(home, instances);
  await stopServe(serve);
  if (home) {
    killLeftovers(home);
    rmSync(home, { recursive: true, force: true });
  }
  for (const dir of dirs) if (dir) rmSync(dir, { recursive: true, force: true });
}
