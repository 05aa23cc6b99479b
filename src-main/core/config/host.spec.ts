import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectHost, detectTimezone, limaArchFromNode, timezoneFromZoneinfoPath } from './host';

let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'limadesk-host-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A zone database with Etc/UTC and one zone, the way distributions lay it out. */
function makeZoneinfo(base: string, zone: string): string {
  mkdirSync(path.join(base, 'Etc'), { recursive: true });
  writeFileSync(path.join(base, 'Etc', 'UTC'), 'TZif');
  const zoneFile = path.join(base, ...zone.split('/'));
  mkdirSync(path.dirname(zoneFile), { recursive: true });
  writeFileSync(zoneFile, 'TZif');
  return zoneFile;
}

describe('limaArchFromNode', () => {
  it.each([
    ['x64', 'x86_64'],
    ['arm64', 'aarch64'],
    ['arm', 'armv7l'],
    ['ppc64', 'ppc64le'],
    ['riscv64', 'riscv64'],
    ['s390x', 's390x'],
  ])('%s → %s', (node, lima) => {
    expect(limaArchFromNode(node)).toBe(lima);
  });

  it('rejects an arch Lima has no name for', () => {
    expect(() => limaArchFromNode('mips')).toThrow('unsupported host architecture "mips"');
  });
});

describe('timezone', () => {
  it('reads /etc/timezone first', () => {
    const etc = path.join(root, 'etc');
    mkdirSync(etc);
    writeFileSync(path.join(etc, 'timezone'), 'Europe/Berlin\n');
    symlinkSync(makeZoneinfo(path.join(root, 'zoneinfo'), 'Asia/Tokyo'), path.join(etc, 'localtime'));
    expect(detectTimezone(etc)).toBe('Europe/Berlin');
  });

  it('derives the zone from the /etc/localtime symlink target', () => {
    const etc = path.join(root, 'etc');
    mkdirSync(etc);
    symlinkSync(makeZoneinfo(path.join(root, 'usr/share/zoneinfo'), 'America/Argentina/Buenos_Aires'), path.join(etc, 'localtime'));
    expect(detectTimezone(etc)).toBe('America/Argentina/Buenos_Aires');
  });

  it('follows chained symlinks to the real zone file', () => {
    const etc = path.join(root, 'etc');
    mkdirSync(etc);
    const zone = makeZoneinfo(path.join(root, 'var/db/timezone/zoneinfo'), 'Europe/Paris');
    symlinkSync(zone, path.join(root, 'hop'));
    symlinkSync(path.join(root, 'hop'), path.join(etc, 'localtime'));
    expect(detectTimezone(etc)).toBe('Europe/Paris');
  });

  it('is empty without /etc/timezone and /etc/localtime', () => {
    expect(detectTimezone(root)).toBe('');
  });

  it('is empty when no ancestor holds Etc/UTC', () => {
    expect(timezoneFromZoneinfoPath('/nowhere/Europe/Rome', () => false)).toBe('');
  });

  it('uses the nearest ancestor with Etc/UTC as the zone root', () => {
    const roots = new Set(['/usr/share/zoneinfo/Etc/UTC']);
    expect(timezoneFromZoneinfoPath('/usr/share/zoneinfo/UTC', (f) => roots.has(f))).toBe('UTC');
  });
});

describe('detectHost', () => {
  it('reports this machine', () => {
    const etc = path.join(root, 'etc');
    mkdirSync(etc);
    writeFileSync(path.join(etc, 'timezone'), 'Asia/Tokyo\n');
    writeFileSync(path.join(etc, 'machine-id'), 'abc123\n');
    const host = detectHost({ etcDir: etc, dbusMachineIdFile: path.join(root, 'none') });
    expect(host).toEqual({
      os: process.platform,
      arch: limaArchFromNode(process.arch),
      cpus: os.availableParallelism(),
      memoryBytes: os.totalmem(),
      homeDir: os.homedir(),
      userName: os.userInfo().username,
      uid: os.userInfo().uid,
      timezone: 'Asia/Tokyo',
      machineId: 'abc123',
      tempDir: os.tmpdir(),
    });
  });

  it('falls back to the dbus machine id, then the host name', () => {
    const dbus = path.join(root, 'dbus-machine-id');
    writeFileSync(dbus, 'from-dbus\n');
    expect(detectHost({ etcDir: root, dbusMachineIdFile: dbus }).machineId).toBe('from-dbus');
    expect(detectHost({ etcDir: root, dbusMachineIdFile: path.join(root, 'none') }).machineId).toBe(os.hostname());
  });
});
