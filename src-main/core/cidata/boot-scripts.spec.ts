import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filledConfig } from '../config/filled-config.test-support';
import type { FilledLimaYAML } from '../config/types';
import { parseBootReport } from './boot-report';
import { buildSeed } from './seed-files';

// boot.sh and the boot.Linux scripts, really run: a chroot holding busybox (the userland of the
// smallest guests) gets the seed's files on /mnt/lima-cidata, as the per-boot hook mounts
// them, and boot.sh runs there as root. What it leaves in the chroot is what a guest would have.
const run = promisify(execFile);
const BUSYBOX = '/bin/busybox';
const isRoot = process.getuid?.() === 0;

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ld-bootsh-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const inRoot = (p: string): string => path.join(root, p);

async function makeGuestRoot(): Promise<void> {
  // mkdtemp's 0700 would keep the user out of /.
  await chmod(root, 0o755);
  for (const dir of ['bin', 'dev', 'etc', 'run', 'tmp', 'root', 'home/alice.guest', 'mnt/lima-cidata']) await mkdir(inRoot(dir), { recursive: true });
  await copyFile(BUSYBOX, inRoot('bin/busybox'));
  await chmod(inRoot('tmp'), 0o1777);
  await run('mknod', ['-m', '666', inRoot('dev/null'), 'c', '1', '3']);
  await run('chroot', [root, '/bin/busybox', '--install', '-s', '/bin']);
  await writeFile(inRoot('etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nalice:x:501:501:Alice:/home/alice.guest:/bin/sh\n');
  await writeFile(inRoot('etc/group'), 'root:x:0:\nalice:x:501:\n');
  await writeFile(inRoot('etc/hosts'), '127.0.0.1\tlocalhost\n192.168.5.2\thost.lima.internal\n');
  await run('chown', ['501:501', inRoot('home/alice.guest')]);
}

async function writeSeed(over: Partial<FilledLimaYAML>): Promise<string> {
  const seed = await buildSeed({
    name: 'vm',
    config: filledConfig({ user: { name: 'alice', uid: 501, home: '/home/alice.guest', shell: '/bin/sh', comment: '', passwordlessSudo: true }, ...over }),
    authorizedKeys: ['ssh-ed25519 AAAA lima'],
    hostHomeDir: '/home/alice',
    hostUser: { name: 'alice', uid: 501 },
    hostEnv: {},
    slirpMacAddress: '52:55:55:aa:bb:cc',
    now: new Date('2026-11-24T10:00:00Z'),
  });
  for (const file of seed.files) {
    const target = inRoot(path.join('mnt/lima-cidata', file.path));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.data);
    await chmod(target, file.mode ?? 0o644);
  }
  return seed.instanceId;
}

async function bootSh(): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('chroot', [root, '/bin/sh', '-c', 'LIMA_CIDATA_MNT=/mnt/lima-cidata exec /mnt/lima-cidata/boot.sh'], { env: { PATH: '/bin:/usr/sbin:/usr/bin' } });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

const read = (p: string): Promise<string> => readFile(inRoot(p), 'utf8');

describe.skipIf(!isRoot)('boot.sh in a busybox guest', () => {
  it('provisions in Lima\'s order, reports every script\'s exit, and marks ssh-ready and boot-done with the instance id', async () => {
    await makeGuestRoot();
    const iid = await writeSeed({
      param: { GREETING: "hello 'there'" },
      hostResolver: { enabled: true, hosts: { 'db.internal': '10.1.2.3', 'alias.internal': 'host.lima.internal' } },
      provision: [
        { mode: 'system', script: '#!/bin/sh\necho "system:$PARAM_GREETING" >/tmp/system.out\n' },
        { mode: 'data', path: '/home/alice.guest/conf/app.ini', content: 'key=value\n', owner: 'alice:alice', permissions: '600', overwrite: true },
        { mode: 'user', script: '#!/bin/sh\necho "user:$(id -un):$PARAM_GREETING:$HOME" >/tmp/user.out\n' },
        { mode: 'system', script: '#!/bin/sh\necho failing on purpose >&2\nexit 3\n' },
        { mode: 'yq', path: '/etc/app.yaml', expression: '.a = 1', owner: 'root:root', permissions: '644', format: 'auto' },
        { mode: 'dependency', script: '#!/bin/sh\necho dep >/tmp/dependency.out\n' },
      ],
    });
    const { code, output } = await bootSh();
    expect(code, output).toBe(1);

    expect((await read('run/lima-ssh-ready')).trim()).toBe(iid);
    expect((await read('run/lima-boot-done')).trim()).toBe(iid);
    expect(await read('tmp/system.out')).toBe("system:hello 'there'\n");
    expect(await read('tmp/user.out')).toBe("user:alice:hello 'there':/home/alice.guest\n");
    expect(await read('tmp/dependency.out')).toBe('dep\n');
    expect(await read('home/alice.guest/conf/app.ini')).toBe('key=value\n');
    const data = await stat(inRoot('home/alice.guest/conf/app.ini'));
    expect([data.uid, data.mode & 0o777]).toEqual([501, 0o600]);
    expect(await read('etc/hosts')).toBe('127.0.0.1\tlocalhost\n# LIMA-HOSTS-START\n192.168.5.2\thost.lima.internal\n192.168.5.15\tlima-vm\n10.1.2.3\tdb.internal\n# LIMA-HOSTS-END\n');

    const report = parseBootReport(await read('run/lima-boot-report'));
    const scripts = report.flatMap((e) => (e.kind === 'script' ? [[e.name, e.exitCode] as const] : []));
    expect(scripts).toEqual([
      ['boot.essential.Linux/07-etc-environment.sh', 0],
      ['boot.Linux/00-modprobe.sh', 0],
      ['boot.Linux/05-guest-home.sh', 0],
      ['boot.Linux/05-lima-disks.sh', 0],
      ['boot.Linux/05-lima-mounts.sh', 0],
      ['boot.Linux/06-etc-hosts.sh', 0],
      ['provision.dependency/00000005', 0],
      ['boot.Linux/30-install-packages.sh', 0],
      ['boot.Linux/35-setup-packages.sh', 0],
      ['provision.data/00000001', 0],
      // busybox has no yq: the edit fails as "command not found" would.
      ['provision.yq/00000004', 127],
      ['provision.system/00000000', 0],
      ['provision.system/00000003', 3],
      ['provision.user/00000002', 0],
    ]);
    expect(output).toContain('No yq (mikefarah/yq v4) in the guest to apply');
    expect(output).toContain('Failed to execute provision.system/00000003 (exit code 3)');
  });

  it('mounts 9p shares that are not mounted yet and reports the ones that fail with mount\'s reason', async () => {
    await makeGuestRoot();
    await writeSeed({ mountType: '9p', mounts: [{ location: '/srv/share', mountPoint: '/mnt/share', writable: true }] });
    const { output } = await bootSh();
    const mounts = parseBootReport(await read('run/lima-boot-report')).filter((e) => e.kind === 'mount');
    // No virtio transport in a chroot: the kernel refuses, and its words are the reason.
    expect(mounts, output).toEqual([{ kind: 'mount', mountPoint: '/mnt/share', ok: false, reason: expect.stringMatching(/mount/) }]);
    expect((await stat(inRoot('mnt/share'))).isDirectory()).toBe(true);
  });

  it('prepares reverse-sshfs: mount points owned by the user, FUSE allowed to other users, a failing install of a missing sshfs', async () => {
    await makeGuestRoot();
    const iid = await writeSeed({ mountType: 'reverse-sshfs', mounts: [{ location: '~', mountPoint: '/mnt/host home', writable: false }] });
    const { output } = await bootSh();
    expect((await stat(inRoot('mnt/host home'))).uid).toBe(501);
    expect(await read('etc/fuse.conf')).toBe('user_allow_other\n');
    expect((await read('run/lima-fuse-ready')).trim()).toBe(iid);
    const report = parseBootReport(await read('run/lima-boot-report'));
    // busybox has neither sshfs nor a package manager to get it with.
    expect(report).toContainEqual({ kind: 'script', name: 'boot.Linux/30-install-packages.sh', exitCode: 1 });
    expect(output).toContain('sshfs is missing and no known package manager can install it');
    expect(report.some((e) => e.kind === 'mount')).toBe(false);
  });

  it('skips the non-essential boot scripts in plain mode but still provisions', async () => {
    await makeGuestRoot();
    await writeSeed({ plain: true, provision: [{ mode: 'system', script: '#!/bin/sh\ntouch /tmp/plain-ran\n' }] });
    const { code, output } = await bootSh();
    expect(code, output).toBe(0);
    const names = parseBootReport(await read('run/lima-boot-report')).map((e) => (e.kind === 'script' ? e.name : e.mountPoint));
    expect(names).toEqual(['boot.essential.Linux/07-etc-environment.sh', 'provision.system/00000000']);
    expect((await stat(inRoot('tmp/plain-ran'))).isFile()).toBe(true);
  });
});

describe('parseBootReport', () => {
  it('reads script and mount records and skips anything else', () => {
    const text = 'script\t0\tboot.Linux/06-etc-hosts.sh\nmount\tfailed\t/mnt/a b\tmount: no such device\tmore\nmount\tok\t/mnt/c\t\nnoise\nscript\tx\tbad\nscript\t2\t';
    expect(parseBootReport(text)).toEqual([
      { kind: 'script', name: 'boot.Linux/06-etc-hosts.sh', exitCode: 0 },
      { kind: 'mount', mountPoint: '/mnt/a b', ok: false, reason: 'mount: no such device\tmore' },
      { kind: 'mount', mountPoint: '/mnt/c', ok: true, reason: '' },
    ]);
  });
});
