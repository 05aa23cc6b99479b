import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianGuest, type DebianGuest } from './debian-guest';

// From a Debian built by debootstrap to a Lima instance inside: instances are created from
// Lima-style templates that embed a base template (`base: ./base.yaml`); the host agent
// writes our cidata.iso, the guest's cloud-init creates the user and runs our boot.sh, and the
// host agent waits for the boot, runs the probes and copyToHost over SSH. One instance shares
// the host home and a writable directory over 9p, another over reverse-sshfs. Every phase is
// timed.
const root = path.resolve(import.meta.dirname, '..', '..');
const cliPath = path.join(root, 'bin', 'limadesk.cjs');
const run = promisify(execFile);
const USER = 'lima';
const SSH_TIMEOUT_MS = 20 * 60_000;
const READY_TIMEOUT_MS = 20 * 60_000;

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

interface AgentEvent {
  status: { running?: boolean; degraded?: boolean };
  limadesk?: { stage: string; message?: string; ok?: boolean };
}

let home: string;
/** The host user's home as the instances see it (`~`): HOME for the CLI and its host agents. */
let hostHome: string;
/** A host directory both instances mount writable on /mnt/rw. */
let rwDir: string;
let guest: DebianGuest;

const instanceDir = (name: string): string => path.join(home, name);

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [cliPath, ...args], { env: { ...process.env, LIMA_HOME: home, HOME: hostHome }, timeout: 600_000 });
  return stdout;
}

/** The system ssh, exactly as a user would run it against the instance. */
async function ssh(name: string, command: string): Promise<string> {
  const { stdout } = await run('ssh', ['-F', path.join(instanceDir(name), 'ssh.config'), `lima-${name}`, command], { timeout: 60_000 });
  return stdout;
}

async function serialTail(name: string): Promise<string> {
  return (await readFile(path.join(instanceDir(name), 'serial.log'), 'utf8').catch(() => '')).slice(-4000);
}

async function sshUntilReady(name: string): Promise<number> {
  const deadline = Date.now() + SSH_TIMEOUT_MS;
  let attempts = 0;
  let lastError: string;
  for (;;) {
    attempts++;
    try {
      await ssh(name, 'true');
      return attempts;
    } catch (err) {
      lastError = ((err as { stderr?: string }).stderr ?? (err as Error).message).trim();
    }
    if (Date.now() > deadline) throw new Error(`no SSH login within ${SSH_TIMEOUT_MS / 60_000} min (last: ${lastError}); serial.log ends:\n${await serialTail(name)}`);
    await new Promise((r) => setTimeout(r, 5000));
  }
}

async function events(name: string): Promise<AgentEvent[]> {
  const text = await readFile(path.join(instanceDir(name), 'ha.stdout.log'), 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as AgentEvent);
}

/** Waits for the host agent's `ready` event: the guest boot, as Lima's host agent follows it, is over. */
async function untilReady(name: string): Promise<AgentEvent[]> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const all = await events(name);
    if (all.some((e) => e.limadesk?.stage === 'ready')) return all;
    if (Date.now() > deadline) {
      const stages = all.flatMap((e) => (e.limadesk ? [`${e.limadesk.stage}: ${e.limadesk.message ?? ''}`] : []));
      throw new Error(`no ready event within ${READY_TIMEOUT_MS / 60_000} min; events:\n${stages.join('\n')}\nserial.log ends:\n${await serialTail(name)}`);
    }
    await new Promise((r) => setTimeout(r, 5000));
  }
}

const outcomes = (all: AgentEvent[], stage: string): Array<[boolean, string]> =>
  all.flatMap((e) => (e.limadesk?.stage === stage && typeof e.limadesk.ok === 'boolean' ? [[e.limadesk.ok, e.limadesk.message ?? ''] as [boolean, string]] : []));

/** A template of our own in the shape of Lima's `_images/*.yaml`: the image and the machine. */
function baseTemplate(): string {
  return [
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
    'firmware:',
    '  legacyBIOS: true',
    // The host user may be root (uid 0), which the guest already has.
    'user:',
    `  name: ${USER}`,
    '  uid: 1000',
    '',
  ].join('\n');
}

/** The instance's own template: `base:` for the machine, then mounts and what the guest should do. */
function instanceTemplate(mountType: '9p' | 'reverse-sshfs', extra: string[] = []): string {
  return [
    'base: ./base.yaml',
    `mountType: ${mountType}`,
    ...extra,
    'mounts:',
    '- location: "~"',
    `- location: ${JSON.stringify(rwDir)}`,
    '  mountPoint: /mnt/rw',
    '  writable: true',
    'param:',
    '  GREETING: hello-from-the-host',
    'provision:',
    '- mode: system',
    '  script: |',
    '    #!/bin/sh',
    '    echo "$PARAM_GREETING" > /etc/limadesk-greeting',
    '- mode: user',
    '  script: |',
    '    #!/bin/sh',
    '    id -un > "$HOME/user-provisioned"',
    '- mode: data',
    '  path: /etc/limadesk-data.conf',
    '  content: |',
    '    from a data provision',
    'probes:',
    '- description: the greeting has been provisioned',
    '  script: |',
    '    #!/bin/sh',
    '    grep -q "$PARAM_GREETING" /etc/limadesk-greeting',
    'copyToHost:',
    '- guest: /etc/limadesk-greeting',
    '  host: "{{.Dir}}/copied-from-guest/greeting"',
    '- guest: /etc/not-there',
    '  host: "{{.Dir}}/copied-from-guest/not-there"',
    '  skipIfMissing: true',
    'message: |',
    '  The greeting of {{.Name}} is in {{.Dir}}/copied-from-guest/greeting',
    '',
  ].join('\n');
}

beforeAll(async () => {
  await timed('build the CLI', () => run(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'cli'], { cwd: root }));
  guest = await timed('Debian guest (build or cache)', () => ensureDebianGuest(path.join(root, '.cache', 'full-guest'), phase));
  console.log(`[full] guest image ${guest.built ? 'built' : 'from cache'}: ${guest.disk}`);
  // A short LIMA_HOME: socket paths in the instance directory must stay under 108 bytes.
  home = await mkdtemp(path.join(tmpdir(), 'ld-full-'));
  hostHome = await mkdtemp(path.join(tmpdir(), 'ld-fhome-'));
  await chmod(hostHome, 0o755);
  await writeFile(path.join(hostHome, 'hello.txt'), 'from the host home\n', { mode: 0o644 });
  // The guest user (uid 1000) writes here; on the host the files are made by QEMU or sftp-server.
  rwDir = path.join(home, 'rw');
  await mkdir(rwDir);
  await chmod(rwDir, 0o777);
  await writeFile(path.join(home, 'base.yaml'), baseTemplate());
  // An additional disk, made as `limactl disk create` makes it: the guest formats it on first boot.
  await cli('disk', 'create', 'data', '--size', '256MiB');
  await writeFile(path.join(home, 'deb.yaml'), instanceTemplate('9p', ['additionalDisks:', '- data']));
  await writeFile(path.join(home, 'sshfs.yaml'), instanceTemplate('reverse-sshfs'));
});

afterAll(async () => {
  if (!home) return;
  for (const name of ['deb', 'sshfs']) await cli('stop', '--force', name).catch(() => '');
  await rm(home, { recursive: true, force: true });
  await rm(hostHome, { recursive: true, force: true });
  console.log(`[full] timings: ${timings.map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
});

describe('a debootstrapped Debian, created from a template with base:, boots as a Lima instance (9p mounts)', () => {
  let startOutput = '';
  let all: AgentEvent[] = [];

  it('is created from the template with its base embedded', async () => {
    await timed('limadesk create (template with base:)', () => cli('create', '--name', 'deb', path.join(home, 'deb.yaml')));
    const yaml = await readFile(path.join(instanceDir('deb'), 'lima.yaml'), 'utf8');
    expect(yaml).toContain(guest.disk);
    expect(yaml).toContain('mountType: 9p');
  });

  it('starts, prints the message, and the system ssh logs in as the configured user', async () => {
    startOutput = await timed('limadesk start (to QEMU running)', () => cli('start', 'deb'));
    expect(startOutput).toContain(`Message from the instance "deb":\nThe greeting of deb is in ${instanceDir('deb')}/copied-from-guest/greeting\n`);
    const attempts = await timed('boot to SSH login (cloud-init made the user)', () => sshUntilReady('deb'));
    console.log(`[full] SSH answered after ${attempts} attempts`);
    const whoami = await timed('one ssh command', () => ssh('deb', 'id -un; id -u; hostname; echo "$HOME"'));
    expect(whoami.split('\n')).toEqual([USER, '1000', 'lima-deb', `/home/${USER}.guest`, '']);
    const pub = (await readFile(path.join(home, '_config', 'user.pub'), 'utf8')).trim();
    expect(await ssh('deb', 'cat ~/.ssh/authorized_keys')).toContain(pub);
  });

  it('follows the boot as Lima\'s host agent does: requirements, probes, every script\'s exit, copyToHost', async () => {
    all = await timed('SSH login to the host agent\'s ready', () => untilReady('deb'));
    const ready = all.find((e) => e.limadesk?.stage === 'ready');
    const problems = all.flatMap((e) => (e.limadesk?.ok === false ? [`${e.limadesk.stage}: ${e.limadesk.message ?? ''}`] : []));
    expect(problems).toEqual([]);
    expect(ready?.limadesk).toMatchObject({ ok: true, message: 'the guest finished booting' });
    expect(outcomes(all, 'requirement').map(([ok, m]) => [ok, m.replace(/ is satisfied.*/, '')])).toEqual([
      [true, 'The essential requirement 1 of 1'],
      [true, 'The final requirement 1 of 1'],
    ]);
    expect(outcomes(all, 'probe')).toEqual([[true, 'The optional requirement 1 of 1 is satisfied: "the greeting has been provisioned"']]);
    const scripts = outcomes(all, 'script').map(([, m]) => m);
    for (const name of ['provision.system/00000000', 'provision.user/00000001', 'provision.data/00000002', 'boot.Linux/05-lima-mounts.sh', 'boot.Linux/06-etc-hosts.sh']) {
      expect(scripts.some((m) => m.includes(`${name} exited with 0`)), `${name} in ${scripts.join('\n')}`).toBe(true);
    }
    expect(await readFile(path.join(instanceDir('deb'), 'copied-from-guest', 'greeting'), 'utf8')).toBe('hello-from-the-host\n');
    expect(outcomes(all, 'copy-to-host')).toEqual([
      [true, `Copied /etc/limadesk-greeting to ${instanceDir('deb')}/copied-from-guest/greeting (20 bytes)`],
      [true, 'Skipped missing /etc/not-there (no such file or directory)'],
    ]);
  });

  it('ran our boot.sh from the cidata CD: provisioning of every mode, /etc/hosts, the markers', async () => {
    const out = await ssh('deb', 'cat /run/lima-boot-done /etc/limadesk-greeting /etc/limadesk-data.conf ~/user-provisioned; getent hosts host.lima.internal lima-deb');
    const iid = /^iid-\d+$/m.exec(out)?.[0];
    expect(iid).toBeDefined();
    expect(out.replace(/[ \t]+/g, ' ')).toContain('hello-from-the-host\nfrom a data provision\nlima\n192.168.5.2 host.lima.internal\n192.168.5.15 lima-deb\n');
    const fromCd = await ssh('deb', "sudo -n sh -c 'mount | grep -c lima-cidata; sed -n s/^instance-id:\\ //p /mnt/lima-cidata/meta-data'");
    expect(fromCd.trim().split('\n')).toEqual(['1', iid]);
  });

  it('mounts the host home over 9p, and a file written in the guest to the writable mount appears on the host', async () => {
    const mounts = outcomes(all, 'mount');
    expect(mounts).toContainEqual([true, `Mounted "${hostHome}" on "${hostHome}" (9p)`]);
    expect(mounts).toContainEqual([true, `Mounted "${rwDir}" on "/mnt/rw" (9p)`]);
    expect(await ssh('deb', `cat ${hostHome}/hello.txt; grep -c " ${hostHome} 9p " /proc/mounts`)).toBe('from the host home\n1\n');
    await ssh('deb', 'echo "written in the 9p guest" > /mnt/rw/from-9p.txt');
    expect(await readFile(path.join(rwDir, 'from-9p.txt'), 'utf8')).toBe('written in the 9p guest\n');
  });

  it('formats the additional disk on first boot and mounts it on /mnt/lima-data, as Lima does', async () => {
    const disk = outcomes(all, 'mount').filter(([, message]) => message.includes('/mnt/lima-data'));
    expect(disk.map(([ok]) => ok)).toEqual([true]);
    const out = await ssh('deb', 'findmnt -n -o FSTYPE,SOURCE /mnt/lima-data; sudo -n blkid -s LABEL -o value /dev/vdb1; sudo -n sh -c "echo kept > /mnt/lima-data/file && cat /mnt/lima-data/file"');
    expect(out.replace(/[ \t]+/g, ' ').split('\n')).toEqual(['ext4 /dev/vdb1', 'lima-data', 'kept', '']);
  });

  it('stops by ACPI: the guest powers itself off', async () => {
    await timed('limadesk stop', () => cli('stop', 'deb'));
    expect(await readFile(path.join(instanceDir('deb'), 'serial.log'), 'utf8')).toMatch(/reboot: Power down/);
  });
});

describe('the same template with reverse-sshfs: the host agent mounts over its SSH connection', () => {
  it('mounts the home read-only and the writable directory, and a guest write appears on the host', async () => {
    await timed('limadesk create (reverse-sshfs)', () => cli('create', '--name', 'sshfs', path.join(home, 'sshfs.yaml')));
    const output = await timed('limadesk start (reverse-sshfs)', () => cli('start', 'sshfs'));
    expect(output).toContain('Message from the instance "sshfs":');
    const all = await timed('boot to the host agent\'s ready (reverse-sshfs)', () => untilReady('sshfs'));
    const problems = all.flatMap((e) => (e.limadesk?.ok === false ? [`${e.limadesk.stage}: ${e.limadesk.message ?? ''}`] : []));
    expect(problems).toEqual([]);
    expect(outcomes(all, 'requirement').map(([ok, m]) => [ok, /"(.*)"/.exec(m)?.[1]])).toEqual([
      [true, 'user session is ready for ssh'],
      [true, 'sshfs binary to be installed'],
      [true, 'fuse to allow_other as user'],
      [true, 'boot scripts must have finished'],
    ]);
    expect(outcomes(all, 'mount')).toEqual([
      [true, `Mounted "${hostHome}" on "${hostHome}" (reverse-sshfs, read-only)`],
      [true, `Mounted "${rwDir}" on "/mnt/rw" (reverse-sshfs, writable)`],
    ]);
    expect(await ssh('sshfs', `cat ${hostHome}/hello.txt; grep " /mnt/rw " /proc/mounts | cut -d" " -f3`)).toBe('from the host home\nfuse.sshfs\n');
    await ssh('sshfs', 'echo "written over sshfs" > /mnt/rw/from-sshfs.txt');
    expect(await readFile(path.join(rwDir, 'from-sshfs.txt'), 'utf8')).toBe('written over sshfs\n');
    // Read-only is the host's sftp-server refusing, whatever the guest tries.
    await expect(ssh('sshfs', `touch ${hostHome}/nope`)).rejects.toThrow();
    await timed('limadesk stop (reverse-sshfs)', () => cli('stop', 'sshfs'));
  });
});
