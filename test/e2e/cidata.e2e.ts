import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestGuest } from '../support/guest';
import { waitForSerial } from '../support/guest/serial-log';

// The host agent writes cidata.iso on start; the test guest's kernel mounts it (iso9660 with
// Rock Ridge, as Linux prefers it) and prints the sha256 of every file it finds. Those sums
// are compared with what 7z, an independent reader, extracts from the same ISO on the host.
const root = path.resolve(import.meta.dirname, '..', '..');
const cliPath = path.join(root, 'bin', 'limadesk.cjs');
const run = promisify(execFile);
const NAME = 'seed';

let home: string;
let dir: string;

async function cli(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [cliPath, ...args], { env: { ...process.env, LIMA_HOME: home }, timeout: 300_000 });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`limadesk ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: err });
  }
}

/** `CIDATA <path> <sha256>` lines of one boot, as the guest printed them. */
function guestSums(log: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const match of log.matchAll(/^CIDATA (\S+) ([0-9a-f]{64})\r?$/gm)) sums.set(match[1] ?? '', match[2] ?? '');
  return sums;
}

/** Extracts the ISO with 7z and hashes every file. */
async function hostSums(iso: string): Promise<Map<string, string>> {
  const out = await mkdtemp(path.join(home, 'x-'));
  try {
    await run('7z', ['x', '-y', `-o${out}`, iso]);
    const sums = new Map<string, string>();
    for (const entry of await readdir(out, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      sums.set(path.relative(out, file), createHash('sha256').update(await readFile(file)).digest('hex'));
    }
    return sums;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

async function bootAndCompare(): Promise<{ sums: Map<string, string>; metaData: string }> {
  await writeFile(path.join(dir, 'serial.log'), '');
  await cli('start', NAME);
  const iso = path.join(dir, 'cidata.iso');
  const log = await waitForSerial(path.join(dir, 'serial.log'), 'LIMADESK-CIDATA-', { timeoutMs: 120_000 });
  expect(log).not.toContain('LIMADESK-CIDATA-ABSENT');
  expect(log).not.toContain('LIMADESK-CIDATA-MOUNT-FAILED');
  const done = await waitForSerial(path.join(dir, 'serial.log'), 'LIMADESK-CIDATA-DONE', { timeoutMs: 30_000 });
  const seen = guestSums(done);
  const written = await hostSums(iso);
  expect(Number(/LIMADESK-CIDATA-DONE (\d+)/.exec(done)?.[1])).toBe(written.size);
  expect(seen).toEqual(written);
  const extracted = await mkdtemp(path.join(home, 'm-'));
  await run('7z', ['x', '-y', `-o${extracted}`, iso, 'meta-data']);
  const metaData = await readFile(path.join(extracted, 'meta-data'), 'utf8');
  await rm(extracted, { recursive: true, force: true });
  return { sums: written, metaData };
}

beforeAll(async () => {
  await run(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'cli'], { cwd: root });
  const guest = await ensureTestGuest();
  home = await mkdtemp(path.join(tmpdir(), 'ld-cidata-'));
  dir = path.join(home, NAME);
  await mkdir(dir);
  const baseDisk = path.join(home, 'base.qcow2');
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', baseDisk, '64M']);
  const yaml = [
    'vmType: qemu',
    'arch: x86_64',
    'images:',
    `- location: ${JSON.stringify(baseDisk)}`,
    '  kernel:',
    `    location: ${JSON.stringify(guest.kernel)}`,
    `    cmdline: ${JSON.stringify(guest.cmdline)}`,
    '  initrd:',
    `    location: ${JSON.stringify(guest.initrd)}`,
    'cpus: 1',
    'memory: 256MiB',
    'disk: 1GiB',
    'mounts: []',
    'firmware:',
    '  legacyBIOS: true',
    'user:',
    '  name: seeduser',
    '  comment: Seed User',
    'param:',
    '  GREETING: hello',
    'provision:',
    '- mode: system',
    '  script: |',
    '    #!/bin/sh',
    '    echo "$PARAM_GREETING" > /root/greeting',
    '- mode: user',
    '  script: |',
    '    #!/bin/sh',
    '    touch ~/user-provisioned',
    '- mode: data',
    '  path: /etc/limadesk-data',
    '  content: |',
    '    data for the guest',
    '',
  ].join('\n');
  await writeFile(path.join(dir, 'lima.yaml'), yaml);
});

afterAll(async () => {
  if (!home) return;
  await cli('stop', '--force', NAME).catch(() => '');
  await rm(home, { recursive: true, force: true });
});

describe('cidata.iso in a real guest', () => {
  let first: Map<string, string>;
  let firstMeta: string;

  it('is mounted by the guest kernel, and every file matches what was written', async () => {
    const { sums, metaData } = await bootAndCompare();
    first = sums;
    firstMeta = metaData;
    expect([...sums.keys()].sort()).toEqual([
      'boot.Linux/00-modprobe.sh',
      'boot.Linux/05-guest-home.sh',
      'boot.Linux/05-lima-disks.sh',
      'boot.Linux/05-lima-mounts.sh',
      'boot.Linux/06-etc-hosts.sh',
      'boot.Linux/30-install-packages.sh',
      'boot.Linux/35-setup-packages.sh',
      'boot.essential.Linux/07-etc-environment.sh',
      'boot.sh',
      'etc_environment',
      'etc_hosts',
      'lima.env',
      'meta-data',
      'network-config',
      'param.env',
      'provision.data/00000002',
      'provision.system/00000000',
      'provision.user/00000001',
      'user-data',
    ]);
    expect(metaData).toMatch(/^instance-id: iid-\d+\nlocal-hostname: lima-seed\n$/);
  });

  it('made the Lima key pair in _config, and user-data authorizes it for the configured user', async () => {
    const pub = (await readFile(path.join(home, '_config', 'user.pub'), 'utf8')).trim();
    expect(pub).toMatch(/^ssh-ed25519 \S+ lima$/);
    expect((await stat(path.join(home, '_config', 'user'))).mode & 0o777).toBe(0o600);
    const cloudConfig = await readFile(path.join(dir, 'cloud-config.yaml'), 'utf8');
    expect(cloudConfig.startsWith('#cloud-config\n')).toBe(true);
    expect(cloudConfig).toContain('name: seeduser');
    expect(cloudConfig).toContain(pub);
    expect(first.get('user-data')).toBe(createHash('sha256').update(cloudConfig).digest('hex'));
  });

  it('is regenerated with a new instance id on the next start', async () => {
    await cli('stop', NAME);
    // The instance id has one-second resolution.
    await new Promise((r) => setTimeout(r, 1100));
    const { sums, metaData } = await bootAndCompare();
    expect(metaData).not.toBe(firstMeta);
    expect(sums.get('meta-data')).not.toBe(first.get('meta-data'));
    // lima.env carries the instance id too (LIMA_CIDATA_IID), as Lima's does; the rest stays.
    expect(sums.get('lima.env')).not.toBe(first.get('lima.env'));
    expect(sums.get('user-data')).toBe(first.get('user-data'));
    expect(sums.get('boot.sh')).toBe(first.get('boot.sh'));
    await cli('stop', NAME);
  });
});
