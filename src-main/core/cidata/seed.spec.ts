import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { silentLogger } from '../../common/logger';
import { filledConfig } from '../config/filled-config.test-support';
import type { FilledLimaYAML } from '../config/types';
import { guestProxyUrl } from './proxy-env';
import { buildSeed } from './seed-files';
import { authorizedKeys } from './ssh-keys';
import { mountTag } from './guest-mounts';

const run = promisify(execFile);
const NOW = new Date('2026-11-24T10:00:00Z');
const MAC = '52:55:55:aa:bb:cc';

function config(over: Partial<FilledLimaYAML> = {}): FilledLimaYAML {
  return filledConfig({
    cpus: 1,
    memory: '1GiB',
    disk: '10GiB',
    video: { display: 'none', vnc: { display: '' } },
    user: { name: 'alice', uid: 501, home: '/home/alice.guest', shell: '/bin/bash', comment: 'Alice A.', passwordlessSudo: true },
    timezone: 'Europe/Berlin',
    ...over,
  });
}

async function seed(over: Partial<FilledLimaYAML> = {}, hostEnv: NodeJS.ProcessEnv = {}) {
  const s = await buildSeed({
    name: 'my_vm.1',
    config: config(over),
    authorizedKeys: ['ssh-ed25519 AAAA lima'],
    hostHomeDir: '/home/alice',
    hostUser: { name: 'hostuser', uid: 1000 },
    hostEnv,
    slirpMacAddress: MAC,
    now: NOW,
  });
  const files = new Map(s.files.map((f) => [f.path, Buffer.from(f.data).toString('utf8')]));
  return { ...s, files, modes: new Map(s.files.map((f) => [f.path, f.mode ?? 0o644])) };
}

describe('meta-data and network-config', () => {
  it('names the boot with iid-<unix seconds> and the guest lima-<name> with "." and "_" as "-"', async () => {
    const { files } = await seed();
    expect(files.get('meta-data')).toBe('instance-id: iid-1795514400\nlocal-hostname: lima-my-vm-1\n');
  });

  it('matches the user-mode NIC by MAC as eth0 with metric 200, and extra networks as configured', async () => {
    const { files } = await seed({ networks: [{ lima: 'shared', macAddress: '52:55:55:01:02:03', interface: 'lima0', metric: 100 }] });
    expect(parse(files.get('network-config') ?? '')).toEqual({
      version: 2,
      ethernets: {
        eth0: {
          match: { macaddress: MAC },
          dhcp4: true,
          'set-name': 'eth0',
          'dhcp4-overrides': { 'route-metric': 200 },
          nameservers: { addresses: ['192.168.5.3'] },
        },
        lima0: { match: { macaddress: '52:55:55:01:02:03' }, dhcp4: true, 'set-name': 'lima0', 'dhcp4-overrides': { 'route-metric': 100 } },
      },
    });
  });
});

describe('user-data', () => {
  it('is a #cloud-config with the configured user, its keys, sudo and the per-boot hook', async () => {
    const { files, userData } = await seed();
    const text = files.get('user-data') ?? '';
    expect(text).toBe(userData);
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    const doc = parse(text) as Record<string, unknown>;
    expect(doc.users).toEqual([
      {
        name: 'alice',
        uid: 501,
        gecos: 'Alice A.',
        homedir: '/home/alice.guest',
        shell: '/bin/bash',
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        lock_passwd: true,
        'ssh-authorized-keys': ['ssh-ed25519 AAAA lima'],
      },
    ]);
    expect(doc.growpart).toEqual({ mode: 'auto', devices: ['/'] });
    expect(doc.timezone).toBe('Europe/Berlin');
    expect(doc).not.toHaveProperty('mounts');
    expect(doc).not.toHaveProperty('ca_certs');
    expect(doc).not.toHaveProperty('package_upgrade');
    const [hook] = doc.write_files as Array<{ path: string; content: string; permissions: string }>;
    expect(hook?.path).toBe('/var/lib/cloud/scripts/per-boot/00-lima.boot.sh');
    expect(hook?.permissions).toBe('0755');
    expect(hook?.content).toContain('/dev/disk/by-label/cidata');
    expect(hook?.content).toContain('exec "${LIMA_CIDATA_MNT}"/boot.sh');
  });

  it('fills a user the config left out from the host user, with Lima defaults', async () => {
    const { files } = await seed({ user: undefined });
    const [user] = (parse(files.get('user-data') ?? '') as { users: Array<Record<string, unknown>> }).users;
    expect(user).toMatchObject({ name: 'hostuser', uid: 1000, homedir: '/home/hostuser.guest', shell: '/bin/bash' });
    expect(user).not.toHaveProperty('gecos');
  });

  it('leaves sudo out when passwordless sudo is off', async () => {
    const { files } = await seed({ user: { name: 'bob', uid: 1, home: '/h', shell: '/bin/sh', passwordlessSudo: false } });
    expect((parse(files.get('user-data') ?? '') as { users: Array<Record<string, unknown>> }).users[0]).not.toHaveProperty('sudo');
  });

  it('mounts 9p shares by their tag with the 9p options, never failing the boot', async () => {
    const { files } = await seed({ mounts: [{ location: '~', mountPoint: '/mnt/home', writable: false, '9p': { msize: '128KiB', cache: 'fscache', protocolVersion: '9p2000.L' } }] });
    const doc = parse(files.get('user-data') ?? '') as { mounts: string[][] };
    expect(doc.mounts).toEqual([[mountTag('/home/alice', '/mnt/home'), '/mnt/home', '9p', 'ro,trans=virtio,version=9p2000.L,msize=131072,cache=fscache,nofail', '0', '0']]);
    expect(mountTag('/home/alice', '/mnt/home')).toMatch(/^lima-[0-9a-f]{16}$/);
  });

  it('runs boot provisions from bootcmd with the params exported, and asks for upgrades when configured', async () => {
    const { files } = await seed({ upgradePackages: true, param: { NAME: "it's" }, provision: [{ mode: 'boot', script: 'echo "$PARAM_NAME"' }] });
    const doc = parse(files.get('user-data') ?? '') as Record<string, unknown>;
    expect(doc.bootcmd).toEqual([`export PARAM_NAME='it'\\''s'\necho "$PARAM_NAME"\n`]);
    expect(doc).toMatchObject({ package_update: true, package_upgrade: true, package_reboot_if_required: true });
  });

  it('adds CA certificates from files and inline', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ld-ca-'));
    try {
      await writeFile(path.join(dir, 'ca.pem'), 'PEM FROM FILE\n');
      const { files } = await seed({ caCerts: { files: [path.join(dir, 'ca.pem')], certs: ['INLINE PEM\n'] } });
      expect((parse(files.get('user-data') ?? '') as Record<string, unknown>).ca_certs).toEqual({ remove_defaults: false, trusted: ['PEM FROM FILE\n', 'INLINE PEM\n'] });
      await expect(seed({ caCerts: { files: [path.join(dir, 'missing.pem')] } })).rejects.toThrow(/caCerts\.files\[0\].*missing\.pem/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('environment files and provisioning layout', () => {
  it('writes provisions by index, boot ones left out, data described in lima.env', async () => {
    const { files, modes } = await seed({
      param: { COLOR: 'blue' },
      provision: [
        { mode: 'system', script: '#!/bin/sh\necho sys\n' },
        { mode: 'boot', script: 'echo boot' },
        { mode: 'data', path: '/etc/x', content: 'x\n', owner: 'alice:alice', permissions: '600', overwrite: false },
        { mode: 'yq', path: '/etc/y.yaml', expression: '.a = 1' },
        { mode: 'user', script: '#!/bin/sh\necho user\n' },
      ],
    });
    expect([...files.keys()].filter((p) => p.startsWith('provision.'))).toEqual([
      'provision.system/00000000',
      'provision.data/00000002',
      'provision.yq/00000003',
      'provision.user/00000004',
    ]);
    expect(modes.get('provision.system/00000000')).toBe(0o755);
    const env = files.get('lima.env') ?? '';
    expect(env).toContain('LIMA_CIDATA_DATAFILE_00000002_PATH=/etc/x\n');
    expect(env).toContain('LIMA_CIDATA_DATAFILE_00000002_OWNER=alice:alice\n');
    expect(env).toContain('LIMA_CIDATA_DATAFILE_00000002_OVERWRITE=false\n');
    expect(env).toContain("LIMA_CIDATA_COMMENT='Alice A.'\n");
    expect(env).toContain('LIMA_CIDATA_USER=alice\n');
    expect(env).toContain('LIMA_CIDATA_SLIRP_GATEWAY=192.168.5.2\n');
    expect(files.get('param.env')).toBe('PARAM_COLOR=blue\n');
  });

  it("describes each additional disk for the guest's disk script, named vdb onwards as QEMU adds them", async () => {
    const env = (await seed({ additionalDisks: ['data', { name: 'scratch', format: false }, { name: 'logs', fsType: 'xfs', fsArgs: ['-m', 'crc=1'] }] })).files.get('lima.env') ?? '';
    expect(env).toContain('LIMA_CIDATA_DISKS=3\n');
    expect(env).toContain("LIMA_CIDATA_DISK_0_NAME=data\nLIMA_CIDATA_DISK_0_DEVICE=vdb\nLIMA_CIDATA_DISK_0_FORMAT=true\nLIMA_CIDATA_DISK_0_FSTYPE=''\nLIMA_CIDATA_DISK_0_FSARGS=''\n");
    expect(env).toContain('LIMA_CIDATA_DISK_1_NAME=scratch\nLIMA_CIDATA_DISK_1_DEVICE=vdc\nLIMA_CIDATA_DISK_1_FORMAT=false\n');
    expect(env).toContain('LIMA_CIDATA_DISK_2_DEVICE=vdd\nLIMA_CIDATA_DISK_2_FORMAT=true\nLIMA_CIDATA_DISK_2_FSTYPE=xfs\n');
    expect(env).toMatch(/LIMA_CIDATA_DISK_2_FSARGS=('-m crc=1'|"-m crc=1"|-m\\ crc=1)\n/);
  });

  it('describes every mount (reverse-sshfs ones too), the instance id and yq edits in lima.env', async () => {
    const { files, instanceId } = await seed({
      mountType: 'reverse-sshfs',
      mounts: [{ location: '/home/alice', mountPoint: '/home/alice', writable: false }, { location: '/srv/data', mountPoint: '/mnt/data', writable: true }],
      provision: [{ mode: 'yq', path: '/etc/app.yaml', expression: '.a = 1', format: 'yaml', owner: 'alice', permissions: '600' }],
    });
    const env = files.get('lima.env') ?? '';
    expect(instanceId).toBe('iid-1795514400');
    expect(env).toContain('LIMA_CIDATA_IID=iid-1795514400\n');
    expect(env).toContain('LIMA_CIDATA_MOUNTS=2\n');
    expect(env).toContain('LIMA_CIDATA_HOSTHOME_MOUNTPOINT=/home/alice\n');
    expect(env).toContain(`LIMA_CIDATA_MOUNTS_1_MOUNTPOINT=/mnt/data\nLIMA_CIDATA_MOUNTS_1_TAG=${mountTag('/srv/data', '/mnt/data')}\nLIMA_CIDATA_MOUNTS_1_TYPE=sshfs\nLIMA_CIDATA_MOUNTS_1_OPTIONS=defaults\n`);
    expect(env).toContain('LIMA_CIDATA_MOUNTTYPE=reverse-sshfs\n');
    expect(env).toContain('LIMA_CIDATA_YQ_PROVISION_00000000_FORMAT=yaml\nLIMA_CIDATA_YQ_PROVISION_00000000_OWNER=alice\nLIMA_CIDATA_YQ_PROVISION_00000000_PATH=/etc/app.yaml\nLIMA_CIDATA_YQ_PROVISION_00000000_PERMISSIONS=600\n');
    // reverse-sshfs is no fstab business: cloud-init gets no mounts.
    expect(parse(files.get('user-data') ?? '')).not.toHaveProperty('mounts');
    const ninep = await seed({ mountType: '9p', mounts: [{ location: '/srv/data', mountPoint: '/mnt/data', writable: true }] });
    expect(ninep.files.get('lima.env')).toContain('LIMA_CIDATA_MOUNTS_0_TYPE=9p\nLIMA_CIDATA_MOUNTS_0_OPTIONS=rw,trans=virtio,version=9p2000.L,msize=131072,cache=mmap,nofail\n');
    expect((await seed({ plain: true, mounts: [{ location: '/srv/data', mountPoint: '/mnt/data' }] })).files.get('lima.env')).toContain('LIMA_CIDATA_MOUNTS=0\n');
  });

  it('names the host host.lima.internal and the guest lima-<name> in etc_hosts, with hostResolver.hosts that map to an address', async () => {
    const { files } = await seed({ hostResolver: { enabled: true, hosts: { 'b.internal': '10.0.0.2', 'a.internal': 'fd00::1', 'alias.internal': 'host.lima.internal' } } });
    expect(files.get('etc_hosts')).toBe('# LIMA-HOSTS-START\n192.168.5.2\thost.lima.internal\n192.168.5.15\tlima-my-vm-1\nfd00::1\ta.internal\n10.0.0.2\tb.internal\n# LIMA-HOSTS-END\n');
    const off = await seed({ hostResolver: { enabled: false, hosts: { 'b.internal': '10.0.0.2' } } });
    expect(off.files.get('etc_hosts')).toBe('# LIMA-HOSTS-START\n192.168.5.2\thost.lima.internal\n192.168.5.15\tlima-my-vm-1\n# LIMA-HOSTS-END\n');
  });

  it('reads back every variable through a real shell exactly as written', async () => {
    const { files } = await seed({ user: { name: 'q', uid: 7, home: '/h', shell: '/bin/sh', comment: `it's "quoted" $HOME` } });
    const dir = await mkdtemp(path.join(tmpdir(), 'ld-env-'));
    try {
      await writeFile(path.join(dir, 'lima.env'), files.get('lima.env') ?? '');
      const { stdout } = await run('sh', ['-c', '. ./lima.env && printf %s "$LIMA_CIDATA_COMMENT"'], { cwd: dir });
      expect(stdout).toBe(`it's "quoted" $HOME`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('propagates proxies with loopback hosts pointed at the host, env: winning', async () => {
    const { files } = await seed({ env: { FOO: 'bar', HTTPS_PROXY: 'http://corp:3128' } }, { http_proxy: 'http://127.0.0.1:8080', NO_PROXY: 'localhost' });
    expect(files.get('etc_environment')).toBe(
      ['#LIMA-START', 'FOO=bar', 'HTTPS_PROXY=http://corp:3128', 'HTTP_PROXY=http://192.168.5.2:8080', 'NO_PROXY=localhost', 'http_proxy=http://192.168.5.2:8080', 'no_proxy=localhost', '#LIMA-END', ''].join('\n'),
    );
    const off = await seed({ propagateProxyEnv: false }, { http_proxy: 'http://127.0.0.1:8080' });
    expect(off.files.get('etc_environment')).toBe('#LIMA-START\n#LIMA-END\n');
  });

  it('keeps the port of a loopback proxy and leaves other values alone', () => {
    expect(guestProxyUrl('http://localhost:3128')).toBe('http://192.168.5.2:3128');
    expect(guestProxyUrl('http://[::1]:3128/')).toBe('http://192.168.5.2:3128/');
    expect(guestProxyUrl('http://proxy.example:3128')).toBe('http://proxy.example:3128');
    expect(guestProxyUrl('not a url')).toBe('not a url');
  });

  it('ships boot scripts that a POSIX shell accepts', async () => {
    const { files, modes } = await seed();
    const dir = await mkdtemp(path.join(tmpdir(), 'ld-boot-'));
    try {
      const scripts = [...files.keys()].filter((name) => name.startsWith('boot'));
      expect(scripts).toEqual([
        'boot.sh',
        'boot.essential.Linux/07-etc-environment.sh',
        'boot.Linux/00-modprobe.sh',
        'boot.Linux/05-guest-home.sh',
        'boot.Linux/05-lima-disks.sh',
        'boot.Linux/05-lima-mounts.sh',
        'boot.Linux/06-etc-hosts.sh',
        'boot.Linux/30-install-packages.sh',
        'boot.Linux/35-setup-packages.sh',
      ]);
      for (const name of scripts) {
        expect(modes.get(name)).toBe(0o755);
        const file = path.join(dir, path.basename(name));
        await writeFile(file, files.get(name) ?? '');
        await run('sh', ['-n', file]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('authorizedKeys', () => {
  it('adds ~/.ssh/*.pub only when asked, without duplicates', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'ld-home-'));
    try {
      await mkdir(path.join(home, '.ssh'));
      await writeFile(path.join(home, '.ssh', 'id_rsa.pub'), 'ssh-rsa AAAB me@host\n');
      await writeFile(path.join(home, '.ssh', 'dup.pub'), 'ssh-ed25519 AAAA lima\n');
      await writeFile(path.join(home, '.ssh', 'id_rsa'), 'private, never read');
      expect(await authorizedKeys('ssh-ed25519 AAAA lima', false, home, silentLogger)).toEqual(['ssh-ed25519 AAAA lima']);
      expect(await authorizedKeys('ssh-ed25519 AAAA lima', true, home, silentLogger)).toEqual(['ssh-ed25519 AAAA lima', 'ssh-rsa AAAB me@host']);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
