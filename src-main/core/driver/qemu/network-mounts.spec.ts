import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { config } from './argv-fixtures.test-support';
import { fillQemuConfig } from './fill-config';
import { createMountDirs, expandHome, mountTag } from './mounts';
import { slirpMacAddress } from './network';
import { execFileRunner } from './runner';
import { findVirtiofsd } from './virtiofsd';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'limadesk-net-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('identifiers the guest sees', () => {
  it('MAC is 52:55:55 + sha256(machineId + instanceDir), stable and per instance', () => {
    expect(slirpMacAddress('abc123', '/home/u/.lima/default')).toBe('52:55:55:14:8c:96');
    expect(slirpMacAddress('abc123', '/home/u/.lima/other')).not.toBe('52:55:55:14:8c:96');
  });

  it('mount tag is lima- + 16 hex of sha256(location:mountPoint)', () => {
    expect(mountTag('/home/u', '/home/u')).toBe('lima-f872001c91a4f2cf');
    expect(expandHome('~/src', '/home/u')).toBe('/home/u/src');
  });
});

describe('createMountDirs', () => {
  it('creates missing host directories for 9p, not for reverse-sshfs', async () => {
    const want = path.join(tmp, 'a', 'b');
    await createMountDirs(config({ mountType: 'reverse-sshfs', mounts: [{ location: want }] }), tmp);
    await expect(stat(want)).rejects.toThrow();
    await createMountDirs(config({ mounts: [{ location: want }] }), tmp);
    expect((await stat(want)).isDirectory()).toBe(true);
  });
});

describe('findVirtiofsd', () => {
  it('takes the first "fs" descriptor whose binary answers --version', async () => {
    const first = path.join(tmp, 'user');
    const second = path.join(tmp, 'system');
    await mkdir(first);
    await mkdir(second);
    const good = path.join(tmp, 'virtiofsd');
    await writeFile(good, '#!/bin/sh\necho "virtiofsd backend 1.10.1"\n');
    await chmod(good, 0o755);
    const oldC = path.join(tmp, 'old-virtiofsd');
    await writeFile(oldC, '#!/bin/sh\nexit 1\n');
    await chmod(oldC, 0o755);
    await writeFile(path.join(first, '50-qemu-gpu.json'), JSON.stringify({ type: 'gpu', binary: good }));
    await writeFile(path.join(first, '50-old.json'), JSON.stringify({ type: 'fs', binary: oldC }));
    await writeFile(path.join(second, '50-virtiofsd.json'), JSON.stringify({ type: 'fs', binary: good }));
    expect(await findVirtiofsd([path.join(tmp, 'missing'), first, second], execFileRunner)).toBe(good);
    await expect(findVirtiofsd([first], execFileRunner)).rejects.toThrow('failed to locate virtiofsd');
  });
});

describe('fillQemuConfig', () => {
  it('fills the VNC display, migrates top-level cpuType, defaults the virtiofs queue', () => {
    const { config: filled, warnings } = fillQemuConfig(
      config({ cpuType: { x86_64: 'Haswell-v4' }, video: { display: 'vnc', vnc: { display: '' } }, mountType: 'virtiofs', mounts: [{ location: '~' }] }),
      'linux',
      undefined,
    );
    expect(filled.video.vnc.display).toBe('127.0.0.1:0,to=9');
    expect(filled.vmOpts.qemu.cpuType).toEqual({ x86_64: 'Haswell-v4' });
    expect(filled.cpuType).toBeUndefined();
    expect(filled.mounts[0]?.virtiofs?.queueSize).toBe(1024);
    expect(warnings[0]).toContain('deprecated');
  });

  it('an instance made by Lima before 1.0 keeps reverse-sshfs as its default mount type', () => {
    expect(fillQemuConfig(config({ mountType: 'default' as never }), 'linux', '0.23.2').config.mountType).toBe('reverse-sshfs');
    expect(fillQemuConfig(config({ mountType: 'default' as never }), 'linux', '2.0.3').config.mountType).toBe('9p');
  });
});
