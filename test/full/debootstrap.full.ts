import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianGuest, type DebianGuest } from './debian-guest';

// From a Debian built by debootstrap to an SSH login: the host agent writes our cidata.iso,
// the guest's cloud-init creates the user from it with the key from _config/user.pub, and
// the system ssh logs in through the ssh.config Limadesk wrote. Every phase is timed.
const root = path.resolve(import.meta.dirname, '..', '..');
const cliPath = path.join(root, 'bin', 'limadesk.cjs');
const run = promisify(execFile);
const NAME = 'deb';
const USER = 'lima';
const SSH_TIMEOUT_MS = 20 * 60_000;

const timings: Array<[string, number]> = [];
const phase = (name: string, ms: number) => {
  timings.push([name, ms]);
  console.log(`[full] ${name}: ${(ms / 1000).toFixed(1)} s`);
};
async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    phase(name, Date.now() - started);
  }
}

let home: string;
let dir: string;
let guest: DebianGuest;

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [cliPath, ...args], { env: { ...process.env, LIMA_HOME: home }, timeout: 600_000 });
  return stdout;
}

/** The system ssh, exactly as a user would run it against the instance. */
async function ssh(command: string): Promise<string> {
  const { stdout } = await run('ssh', ['-F', path.join(dir, 'ssh.config'), `lima-${NAME}`, command], { timeout: 60_000 });
  return stdout;
}

async function sshUntilReady(): Promise<number> {
  const deadline = Date.now() + SSH_TIMEOUT_MS;
  let attempts = 0;
  let lastError: string;
  for (;;) {
    attempts++;
    try {
      await ssh('true');
      return attempts;
    } catch (err) {
      lastError = ((err as { stderr?: string }).stderr ?? (err as Error).message).trim();
    }
    if (Date.now() > deadline) {
      const serial = await readFile(path.join(dir, 'serial.log'), 'utf8').catch(() => '');
      throw new Error(`no SSH login within ${SSH_TIMEOUT_MS / 60_000} min (last: ${lastError}); serial.log ends:\n${serial.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 5000));
  }
}

beforeAll(async () => {
  await timed('build the CLI', () => run(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'cli'], { cwd: root }));
  guest = await timed('Debian guest (build or cache)', () => ensureDebianGuest(path.join(root, '.cache', 'full-guest'), phase));
  console.log(`[full] guest image ${guest.built ? 'built' : 'from cache'}: ${guest.disk}`);
  // A short LIMA_HOME: socket paths in the instance directory must stay under 108 bytes.
  home = await mkdtemp(path.join(tmpdir(), 'ld-full-'));
  dir = path.join(home, NAME);
  const yaml = [
    'vmType: qemu',
    'arch: x86_64',
    'images:',
    `- location: ${JSON.stringify(guest.disk)}`,
    '  kernel:',
    `    location: ${JSON.stringify(guest.kernel)}`,
    `    cmdline: ${JSON.stringify(guest.cmdline)}`,
    '  initrd:',
    `    location: ${JSON.stringify(guest.initrd)}`,
    'cpus: 2',
    // cloud-init is Python; below ~384 MiB it can be OOM-killed.
    'memory: 512MiB',
    'disk: 4GiB',
    'mounts: []',
    'firmware:',
    '  legacyBIOS: true',
    // The host user may be root (uid 0), which the guest already has.
    'user:',
    `  name: ${USER}`,
    '  uid: 1000',
    'param:',
    '  GREETING: hello-from-the-host',
    'provision:',
    '- mode: system',
    '  script: |',
    '    #!/bin/sh',
    '    echo "$PARAM_GREETING" > /etc/limadesk-greeting',
    '',
  ].join('\n');
  const template = path.join(home, `${NAME}.yaml`);
  await writeFile(template, yaml);
  await timed('limadesk create', () => cli('create', '--name', NAME, template));
});

afterAll(async () => {
  if (!home) return;
  await cli('stop', '--force', NAME).catch(() => '');
  await rm(home, { recursive: true, force: true });
  console.log(`[full] timings: ${timings.map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
});

describe('a debootstrapped Debian boots with our cidata and takes the generated key', () => {
  it('starts, and the system ssh logs in as the configured user', async () => {
    await timed('limadesk start (to QEMU running)', () => cli('start', NAME));
    const attempts = await timed('boot to SSH login (cloud-init made the user)', () => sshUntilReady());
    console.log(`[full] SSH answered after ${attempts} attempts`);
    const whoami = await timed('one ssh command', () => ssh('id -un; id -u; hostname; echo "$HOME"'));
    expect(whoami.split('\n')).toEqual([USER, '1000', `lima-${NAME}`, `/home/${USER}.guest`, '']);
    const pub = (await readFile(path.join(home, '_config', 'user.pub'), 'utf8')).trim();
    expect(await ssh('cat ~/.ssh/authorized_keys')).toContain(pub);
  });

  it('ran our boot.sh from the cidata CD: boot-done holds this boot\'s instance id, the provision ran', async () => {
    const out = await timed('boot scripts finished', async () => {
      const deadline = Date.now() + 5 * 60_000;
      for (;;) {
        const text = await ssh('cat /run/lima-boot-done 2>/dev/null; cat /etc/limadesk-greeting 2>/dev/null; sudo -n true && echo sudo-ok').catch(() => '');
        if (text.includes('sudo-ok') && text.includes('iid-')) return text;
        if (Date.now() > deadline) throw new Error(`boot scripts did not finish: ${text}`);
        await new Promise((r) => setTimeout(r, 3000));
      }
    });
    const metaIid = /^iid-\d+$/m.exec(out)?.[0];
    expect(metaIid).toBeDefined();
    const fromCd = await ssh("sudo -n sh -c 'mount | grep -c lima-cidata; sed -n s/^instance-id:\\ //p /mnt/lima-cidata/meta-data'");
    expect(fromCd.trim().split('\n')).toEqual(['1', metaIid]);
    expect(out).toContain('hello-from-the-host');
  });

  it('stops by ACPI: the guest powers itself off', async () => {
    await timed('limadesk stop', () => cli('stop', NAME));
    expect(await readFile(path.join(dir, 'serial.log'), 'utf8')).toMatch(/reboot: Power down/);
  });
});
