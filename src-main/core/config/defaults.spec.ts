import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { derivedMacAddress } from './defaults-entries';
import { fillDefaults, type FillOptions } from './defaults';
import type { HostInfo } from './host';
import type { LimaYAML } from './types';

const host: HostInfo = {
  os: 'linux',
  arch: 'x86_64',
  cpus: 8,
  memoryBytes: 16 * 1024 ** 3,
  homeDir: '/home/ada',
  userName: 'ada',
  uid: 1001,
  timezone: 'Europe/Berlin',
  machineId: 'm-1',
};
const instanceDir = '/home/ada/.lima/dev';
const base: FillOptions = { host, instanceDir };

function fill(y: LimaYAML, opts: Partial<FillOptions> = {}) {
  return fillDefaults(y, { ...base, ...opts });
}

describe('built-in defaults', () => {
  it('fills an empty document completely', () => {
    const { config, warnings } = fill({});
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      vmType: 'qemu',
      vmOpts: { qemu: {} },
      os: 'Linux',
      arch: 'x86_64',
      images: [],
      cpus: 4,
      memory: '4GiB',
      disk: '100GiB',
      additionalDisks: [],
      mounts: [],
      mountType: '9p',
      mountTypesUnsupported: [],
      mountInotify: false,
      ssh: { localPort: 0, loadDotSSHPubKeys: false, forwardAgent: false, forwardX11: false, forwardX11Trusted: false, overVsock: false },
      firmware: { legacyBIOS: false, images: [] },
      audio: { device: '', interface: '' },
      video: { display: 'none', vnc: { display: '127.0.0.1:0,to=9' } },
      upgradePackages: false,
      guestInstallPrefix: '/usr/local',
      containerd: { system: false, user: true, archives: [] },
      provision: [],
      probes: [],
      portForwards: [],
      copyToHost: [],
      networks: [],
      env: {},
      param: {},
      dns: [],
      hostResolver: { enabled: true, ipv6: false, hosts: {} },
      propagateProxyEnv: true,
      caCerts: { removeDefaults: false, files: [], certs: [] },
      nestedVirtualization: false,
      rosetta: { enabled: false, binfmt: false },
      plain: false,
      timezone: 'Europe/Berlin',
      user: { name: 'ada', home: '/home/ada.guest', shell: '/bin/bash', uid: 1001, passwordlessSudo: true },
      tpm: false,
      osOpts: {},
    });
  });

  it('caps CPUs at 4 and memory at half the host RAM, as a binary size', () => {
    const small = { ...host, cpus: 2, memoryBytes: 3 * 1024 ** 3 };
    const { config } = fillDefaults({}, { host: small });
    expect(config.cpus).toBe(2);
    expect(config.memory).toBe('1.5GiB');
    expect(fillDefaults({}, { host: { ...host, memoryBytes: 7_900_000_000 } }).config.memory).toBe('3.679GiB');
  });

  it('treats 0 CPUs and empty sizes as unset', () => {
    const { config } = fill({ cpus: 0, memory: '', disk: '', video: { display: '', vnc: { display: '' } } });
    expect([config.cpus, config.memory, config.disk, config.video]).toEqual([4, '4GiB', '100GiB', { display: 'none', vnc: { display: '127.0.0.1:0,to=9' } }]);
  });

  it('resolves arch and os "default" and keeps an explicit vmType', () => {
    const { config } = fill({ arch: 'default', vmType: 'vz' });
    expect(config.arch).toBe('x86_64');
    expect(config.os).toBe('Linux');
    expect(config.vmType).toBe('vz');
    expect(fill({ arch: 'aarch64' }).config.containerd?.user).toBe(true);
    expect(fill({ arch: 'riscv64' }).config.containerd?.user).toBe(false);
  });

  it('fills image, kernel and initrd arch from the instance and the image', () => {
    const { config } = fill({
      arch: 'aarch64',
      images: [
        { location: 'a.img', kernel: { location: 'k' }, initrd: { location: 'i' } },
        { location: 'b.img', arch: 'x86_64', kernel: { location: 'k', arch: 'riscv64' } },
      ],
    });
    expect(config.images).toEqual([
      { location: 'a.img', arch: 'aarch64', kernel: { location: 'k', arch: 'aarch64' }, initrd: { location: 'i', arch: 'aarch64' } },
      { location: 'b.img', arch: 'x86_64', kernel: { location: 'k', arch: 'riscv64' } },
    ]);
  });

  it('fills firmware image and containerd archive arch', () => {
    const { config } = fill({ firmware: { images: [{ location: 'f' }] }, containerd: { archives: [{ location: 'n.tgz', arch: 'aarch64' }, { location: 'm.tgz' }] } });
    expect(config.firmware.images).toEqual([{ location: 'f', arch: 'x86_64' }]);
    expect(config.containerd?.archives).toEqual([{ location: 'n.tgz', arch: 'aarch64' }, { location: 'm.tgz', arch: 'x86_64' }]);
  });
});

describe('user', () => {
  it.each([
    ['admin', 'lima'],
    ['Ada.Lovelace', 'lima'],
    ['DOMAIN\\ada', 'lima'],
    ['_svc-1', '_svc-1'],
  ])('host user %j becomes %j', (userName, expected) => {
    const { config, warnings } = fillDefaults({}, { host: { ...host, userName } });
    expect(config.user?.name).toBe(expected);
    expect(config.user?.home).toBe(`/home/${expected}.guest`);
    expect(warnings.length).toBe(expected === userName ? 0 : 1);
  });

  it('keeps "admin" for instances made before Lima 0.23.3', () => {
    expect(fillDefaults({}, { host: { ...host, userName: 'admin' }, existingLimaVersion: '0.23.2' }).config.user?.name).toBe('admin');
  });

  it('uses the .linux home for instances older than 2.1.0', () => {
    expect(fill({}, { existingLimaVersion: '2.0.3' }).config.user?.home).toBe('/home/ada.linux');
    expect(fill({}, { existingLimaVersion: '' }).config.user?.home).toBe('/home/ada.linux');
    expect(fill({}, { existingLimaVersion: 'v2.1.0-12-gabcdef' }).config.user?.home).toBe('/home/ada.guest');
    expect(fill({ os: 'Darwin' }).config.user?.home).toBe('/Users/ada.guest');
  });

  it('expands templates in user.home and merges user fields y over d, o over both', () => {
    const { config } = fill(
      { user: { name: 'yy', home: '/srv/{{.User}}-{{.UID}}' } },
      { defaults: { user: { name: 'dd', shell: '/bin/zsh', uid: 7 } }, override: { user: { uid: 9 } } },
    );
    expect(config.user).toEqual({ name: 'yy', home: '/srv/yy-9', shell: '/bin/zsh', uid: 9, passwordlessSudo: true });
  });
});

describe('merge order d / y / o', () => {
  const d: LimaYAML = {
    vmType: 'vz',
    arch: 'riscv64',
    cpus: 7,
    memory: '5GiB',
    disk: '105GiB',
    timezone: 'Zulu',
    guestInstallPrefix: '/opt',
    upgradePackages: true,
    propagateProxyEnv: false,
    mountInotify: true,
    plain: false,
    ssh: { localPort: 888, forwardAgent: true },
    firmware: { legacyBIOS: true },
    audio: { device: 'coreaudio' },
    video: { display: 'cocoa', vnc: { display: 'none' } },
    hostResolver: { enabled: false, ipv6: true, hosts: { a: 'd', b: 'd' } },
    caCerts: { removeDefaults: true, files: ['d.crt', 'shared.crt'], certs: ['D'] },
    containerd: { system: true, user: false, archives: [{ location: 'd.tgz' }] },
  };

  it('takes scalars from d when y does not set them', () => {
    const { config } = fill({}, { defaults: d });
    expect(config).toMatchObject({
      vmType: 'vz',
      arch: 'riscv64',
      cpus: 7,
      memory: '5GiB',
      disk: '105GiB',
      timezone: 'Zulu',
      guestInstallPrefix: '/opt',
      upgradePackages: true,
      propagateProxyEnv: false,
      mountInotify: true,
      ssh: { localPort: 888, forwardAgent: true, forwardX11: false },
      firmware: { legacyBIOS: true },
      audio: { device: 'coreaudio', interface: '' },
      video: { display: 'cocoa', vnc: { display: 'none' } },
      hostResolver: { enabled: false, ipv6: true },
      containerd: { system: true, user: false, archives: [{ location: 'd.tgz', arch: 'riscv64' }] },
    });
  });

  it('prefers y over d for scalars, and o over both', () => {
    const y: LimaYAML = { cpus: 2, memory: '2GiB', timezone: 'Asia/Tokyo', ssh: { localPort: 2222 }, hostResolver: { enabled: true } };
    const o: LimaYAML = { cpus: 1, ssh: { forwardAgent: false } };
    const { config } = fill(y, { defaults: d, override: o });
    expect(config).toMatchObject({ cpus: 1, memory: '2GiB', disk: '105GiB', timezone: 'Asia/Tokyo', ssh: { localPort: 2222, forwardAgent: false } });
    expect(config.hostResolver?.enabled).toBe(true);
    // o may set a scalar to its zero value and still win.
    expect(fill({ mountInotify: true }, { override: { mountInotify: false } }).config.mountInotify).toBe(false);
  });

  it('concatenates lists o, y, d', () => {
    const layer = (tag: string): LimaYAML => ({
      images: [{ location: `${tag}.img` }],
      additionalDisks: [tag],
      provision: [{ script: `#!/bin/sh\necho ${tag}` }],
      probes: [{ script: `#!/bin/sh\ntrue ${tag}` }],
      portForwards: [{ guestPort: tag.charCodeAt(0) }],
      copyToHost: [{ guest: `/${tag}`, host: `/h/${tag}` }],
      firmware: { images: [{ location: `${tag}.fd` }] },
      containerd: { archives: [{ location: `${tag}.tgz` }] },
      mountTypesUnsupported: [tag],
    });
    const { config } = fill(layer('y'), { defaults: layer('d'), override: layer('o') });
    const order = ['o', 'y', 'd'];
    expect(config.images.map((i) => i.location)).toEqual(order.map((t) => `${t}.img`));
    expect(config.additionalDisks).toEqual(order);
    expect(config.provision.map((p) => p.script?.slice(-1))).toEqual(order);
    expect(config.probes.map((p) => p.description)).toEqual(['user probe 1/3', 'user probe 2/3', 'user probe 3/3']);
    expect(config.probes.map((p) => p.script?.slice(-1))).toEqual(order);
    expect(config.portForwards.map((p) => p.guestPort)).toEqual(order.map((t) => t.charCodeAt(0)));
    expect(config.copyToHost?.map((c) => c.guest)).toEqual(order.map((t) => `/${t}`));
    expect(config.firmware.images.map((f) => f.location)).toEqual(order.map((t) => `${t}.fd`));
    expect(config.containerd?.archives?.map((f) => f.location)).toEqual(order.map((t) => `${t}.tgz`));
    expect(config.mountTypesUnsupported).toEqual(order);
  });

  it('merges maps d, then y, then o', () => {
    const { config } = fill(
      { env: { A: 'y', B: 'y' }, param: { P: 'y' }, hostResolver: { hosts: { b: 'y' } }, osOpts: { k: 'y' }, vmOpts: { qemu: { cpuType: { x86_64: 'y' } } } },
      {
        defaults: { env: { A: 'd', C: 'd' }, param: { P: 'd', Q: 'd' }, hostResolver: { hosts: { a: 'd', b: 'd' } }, osOpts: { j: 'd' }, vmOpts: { qemu: { minimumVersion: '7.0.0' } } },
        override: { env: { B: 'o' }, hostResolver: { hosts: { c: 'o' } }, vmOpts: { qemu: { cpuType: { aarch64: 'o' } } } },
      },
    );
    expect(config.env).toEqual({ A: 'y', B: 'o', C: 'd' });
    expect(config.param).toEqual({ P: 'y', Q: 'd' });
    expect(config.hostResolver?.hosts).toEqual({ a: 'd', b: 'y', c: 'o' });
    expect(config.osOpts).toEqual({ j: 'd', k: 'y' });
    expect(config.vmOpts).toEqual({ qemu: { minimumVersion: '7.0.0', cpuType: { x86_64: 'y', aarch64: 'o' } } });
  });

  it('takes dns whole from the highest-priority non-empty layer', () => {
    expect(fill({ dns: ['8.8.8.8'] }, { defaults: { dns: ['1.1.1.1', '1.0.0.1'] } }).config.dns).toEqual(['8.8.8.8']);
    expect(fill({}, { defaults: { dns: ['1.1.1.1', '1.0.0.1'] } }).config.dns).toEqual(['1.1.1.1', '1.0.0.1']);
    expect(fill({ dns: ['8.8.8.8'] }, { override: { dns: ['9.9.9.9'] } }).config.dns).toEqual(['9.9.9.9']);
    expect(fill({ dns: ['8.8.8.8'] }, { override: { dns: [] } }).config.dns).toEqual(['8.8.8.8']);
  });

  it('concatenates caCerts d, y, o without duplicates', () => {
    const { config } = fill({ caCerts: { files: ['y.crt', 'shared.crt'], certs: ['Y', 'D'] } }, { defaults: d, override: { caCerts: { files: ['o.crt'] } } });
    expect(config.caCerts).toEqual({ removeDefaults: true, files: ['d.crt', 'shared.crt', 'y.crt', 'o.crt'], certs: ['D', 'Y'] });
  });
});

describe('mounts', () => {
  it('expands host templates and ~, defaults the mount point, and fills 9p/sshfs fields', () => {
    const { config } = fill({
      param: { ONE: 'Eins' },
      mounts: [{ location: '~' }, { location: '{{.Dir}}/{{.Param.ONE}}/', mountPoint: '/mnt/{{.Param.ONE}}', writable: true }, { location: '~/src' }],
    });
    const sshfs = { cache: true, followSymlinks: false, sftpDriver: '' };
    const ninep = { securityModel: 'none', protocolVersion: '9p2000.L', msize: '128KiB' };
    expect(config.mounts).toEqual([
      { location: '/home/ada', mountPoint: '/home/ada', writable: false, sshfs, '9p': { ...ninep, cache: 'fscache' } },
      { location: `${instanceDir}/Eins`, mountPoint: '/mnt/Eins', writable: true, sshfs, '9p': { ...ninep, cache: 'mmap' } },
      { location: '/home/ada/src', mountPoint: '/home/ada/src', writable: false, sshfs, '9p': { ...ninep, cache: 'fscache' } },
    ]);
  });

  it('merges entries that share a mount point, later layers winning field by field', () => {
    const { config } = fill(
      { mounts: [{ location: '~', writable: true, '9p': { msize: '256KiB' } }, { location: '/data' }] },
      {
        defaults: { mounts: [{ location: '/home/ada', sshfs: { cache: false } }] },
        override: { mounts: [{ location: '~', writable: false }, { location: '/other', mountPoint: '/data', '9p': { cache: 'none' } }] },
      },
    );
    expect(config.mounts.map((m) => [m.location, m.mountPoint, m.writable, m.sshfs?.cache, m['9p']?.msize, m['9p']?.cache])).toEqual([
      ['/home/ada', '/home/ada', false, false, '256KiB', 'fscache'],
      ['/other', '/data', false, true, '128KiB', 'none'],
    ]);
  });

  it('keeps a location it cannot expand and warns', () => {
    const { config, warnings } = fill({ mounts: [{ location: '{{if .Home}}x' }, { location: '~bob/x' }] });
    expect(config.mounts.map((m) => m.location)).toEqual(['{{if .Home}}x', '~bob/x']);
    expect(warnings).toHaveLength(2);
  });

  it('leaves a relative location for validation to reject', () => {
    expect(fill({ mounts: [{ location: '.' }] }).config.mounts[0]?.location).toBe('.');
  });
});

describe('networks', () => {
  it('derives MAC, interface and metric per position', () => {
    const { config } = fill({ networks: [{ lima: 'shared' }, { socket: '/run/vde.sock', interface: 'eth9', metric: 5 }] });
    expect(config.networks).toEqual([
      { lima: 'shared', macAddress: derivedMacAddress(`${instanceDir}/lima.yaml#0`, 'm-1'), interface: 'lima0', metric: 100 },
      { socket: '/run/vde.sock', macAddress: derivedMacAddress(`${instanceDir}/lima.yaml#1`, 'm-1'), interface: 'eth9', metric: 5 },
    ]);
    expect(config.networks[0]?.macAddress).toMatch(/^52:55:55(:[0-9a-f]{2}){3}$/);
    expect(config.networks[0]?.macAddress).not.toBe(config.networks[1]?.macAddress);
  });

  it('merges entries with the same interface d, y, o; lima and socket exclude each other', () => {
    const { config, warnings } = fill(
      { networks: [{ interface: 'def0', socket: '/y.sock' }, { lima: 'bridged' }] },
      {
        defaults: { networks: [{ interface: 'def0', lima: 'shared', macAddress: '11:22:33:44:55:66', metric: 50 }] },
        override: { networks: [{ interface: 'def0', metric: 1 }, { interface: 'x', lima: 'a' }, { interface: 'x', lima: 'b', socket: '/s' }] },
      },
    );
    expect(config.networks.map((n) => [n.interface, n.lima, n.socket, n.macAddress, n.metric])).toEqual([
      ['def0', undefined, '/y.sock', '11:22:33:44:55:66', 1],
      ['lima1', 'bridged', undefined, expect.stringMatching(/^52:55:55/), 100],
      ['x', 'b', undefined, expect.stringMatching(/^52:55:55/), 100],
    ]);
    expect(warnings).toEqual([expect.stringContaining('sets both socket')]);
  });
});

describe('port forwards, provision, probes, copyToHost', () => {
  it('fills port forward ranges, addresses and protocol', () => {
    const { config } = fill({
      portForwards: [{}, { guestPort: 80 }, { guestPort: 8080, hostPort: 8888 }, { guestIPMustBeZero: true, guestPortRange: [1000, 2000] }, { guestSocket: '/run/{{.User}}.sock', hostSocket: 'x.sock' }, { hostSocket: '{{.Home}}/y.sock' }],
    });
    const any = { proto: 'any', guestIP: '127.0.0.1', hostIP: '127.0.0.1' };
    expect(config.portForwards).toEqual([
      { ...any, guestPortRange: [1, 65535], hostPortRange: [1, 65535] },
      { ...any, guestPort: 80, guestPortRange: [80, 80], hostPortRange: [80, 80] },
      { ...any, guestPort: 8080, hostPort: 8888, guestPortRange: [8080, 8080], hostPortRange: [8888, 8888] },
      { ...any, guestIPMustBeZero: true, guestIP: '0.0.0.0', guestPortRange: [1000, 2000], hostPortRange: [1000, 2000] },
      { ...any, guestSocket: '/run/ada.sock', hostSocket: `${instanceDir}/sock/x.sock`, guestPortRange: [1, 65535], hostPortRange: [1, 65535] },
      { ...any, hostSocket: '/home/ada/y.sock', guestPortRange: [1, 65535], hostPortRange: [1, 65535] },
    ]);
  });

  it('expands guest and host templates like Lima', () => {
    const { config } = fill({
      param: { ONE: 'Eins' },
      copyToHost: [{ guest: '{{.Home}} | {{.UID}} | {{.User}} | {{.Param.ONE}}', host: '{{.Home}} | {{.Dir}} | {{.Name}} | {{.UID}} | {{.User}} | {{.Param.ONE}}' }],
      provision: [{ script: '#!/bin/true # {{.Param.ONE}} {{.Hostname}}' }],
      probes: [{ script: '#!/bin/false # {{.Param.ONE}}' }],
    });
    expect(config.copyToHost).toEqual([{ guest: '/home/ada.guest | 1001 | ada | Eins', host: `/home/ada | ${instanceDir} | dev | 1001 | ada | Eins` }]);
    expect(config.provision).toEqual([{ mode: 'system', script: '#!/bin/true # Eins lima-dev' }]);
    expect(config.probes).toEqual([{ mode: 'readiness', description: 'user probe 1/1', script: '#!/bin/false # Eins' }]);
  });

  it('expands {{.TempDir}} from the host detected once, falling back to the process\'s', () => {
    const mounts = [{ location: '{{.TempDir}}/lima', writable: true }];
    expect(fill({ mounts }, { host: { ...host, tempDir: '/var/tmp/ada' } }).config.mounts[0]?.location).toBe('/var/tmp/ada/lima');
    expect(fill({ mounts }, { host: { ...host, tempDir: undefined } }).config.mounts[0]?.location).toBe(`${os.tmpdir()}/lima`);
  });

  it('fills data, dependency and yq provision defaults', () => {
    const { config } = fill({
      provision: [
        { mode: 'data', path: '/etc/{{.User}}.conf' },
        { mode: 'data', path: '/x', content: 'hi {{.User}}', owner: '{{.User}}', overwrite: false, permissions: '600' },
        { mode: 'dependency', script: '#!/bin/sh' },
        { mode: 'yq', path: '/y', expression: '.a = 1' },
      ],
    });
    expect(config.provision).toEqual([
      { mode: 'data', path: '/etc/ada.conf', content: '', overwrite: true, owner: 'root:root', permissions: '644' },
      { mode: 'data', path: '/x', content: 'hi ada', owner: 'ada', overwrite: false, permissions: '600' },
      { mode: 'dependency', script: '#!/bin/sh', skipDefaultDependencyResolution: false },
      { mode: 'yq', path: '/y', expression: '.a = 1', format: 'auto', owner: 'root:root', permissions: '644' },
    ]);
  });
});

describe('QEMU driver defaults', () => {
  it('migrates the top-level cpuType into vmOpts.qemu with warnings', () => {
    const { config, warnings } = fill({ cpuType: { x86_64: 'Haswell-v4', aarch64: 'max' }, vmOpts: { qemu: { cpuType: { aarch64: 'cortex-a72' } } } });
    expect(config.vmOpts.qemu.cpuType).toEqual({ x86_64: 'Haswell-v4', aarch64: 'cortex-a72' });
    expect(config.cpuType).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('deprecated'), expect.stringMatching(/aarch64.*"max".*"cortex-a72".*vmOpts\.qemu/)]);
  });

  it.each<[LimaYAML, FillOptions['existingLimaVersion'], string]>([
    [{}, undefined, '9p'],
    [{ mountType: '' }, undefined, '9p'],
    [{ mountType: 'default' }, undefined, '9p'],
    [{ mountTypesUnsupported: ['9p'] }, undefined, 'reverse-sshfs'],
    [{}, '0.23.0', 'reverse-sshfs'],
    [{}, '', 'reverse-sshfs'],
    [{}, '1.0.0', '9p'],
    [{ mountType: 'virtiofs' }, '0.1.0', 'virtiofs'],
  ])('mountType of %j (existing %j) resolves to %s', (y, existingLimaVersion, expected) => {
    expect(fill(y, existingLimaVersion === undefined ? {} : { existingLimaVersion }).config.mountType).toBe(expected);
  });

  it('treats 9p as unsupported on Windows hosts', () => {
    expect(fillDefaults({}, { host: { ...host, os: 'win32' } }).config.mountType).toBe('reverse-sshfs');
  });

  it('gives virtiofs mounts a queue size of 1024 unless set', () => {
    const { config } = fill({ mountType: 'virtiofs', mounts: [{ location: '/a' }, { location: '/b', virtiofs: { queueSize: 64 } }] });
    expect(config.mounts.map((m) => m.virtiofs)).toEqual([{ queueSize: 1024 }, { queueSize: 64 }]);
    expect(fill({ mounts: [{ location: '/a' }] }).config.mounts[0]?.virtiofs).toBeUndefined();
  });
});

describe('plain mode', () => {
  it('drops mounts, non-static port forwards, containerd and the timezone', () => {
    const { config } = fill({
      plain: true,
      mounts: [{ location: '~' }],
      portForwards: [{ guestPort: 80 }, { guestPort: 443, static: true }],
      containerd: { system: true, user: true },
    });
    expect(config.mounts).toEqual([]);
    expect(config.portForwards.map((p) => p.guestPort)).toEqual([443]);
    expect(config.containerd).toMatchObject({ system: false, user: false });
    expect(config.timezone).toBe('');
  });
});

describe('inputs', () => {
  it('are never modified', () => {
    const y: LimaYAML = { mounts: [{ location: '~' }], networks: [{ lima: 'shared' }], portForwards: [{}], cpuType: { x86_64: 'max' }, images: [{ location: 'x' }] };
    const d: LimaYAML = { mounts: [{ location: '~', writable: true }], env: { A: '1' } };
    const o: LimaYAML = { networks: [{ interface: 'lima0', metric: 3 }] };
    const snapshot = structuredClone([y, d, o]);
    fill(y, { defaults: d, override: o });
    expect([y, d, o]).toEqual(snapshot);
  });
});
