import { describe, expect, it } from 'vitest';
import type { Instance } from './instance';
import { bytesSize, formatInstanceTable, instanceToJSON, tabwrite, type TableOptions } from './list-format';

// Lima's pkg/store/instance_test.go fixtures, with the host arch fixed to x86_64.
const base: Instance = {
  name: 'foo',
  hostname: 'lima-foo',
  status: 'Stopped',
  dir: 'dir',
  vmType: 'qemu',
  arch: 'x86_64',
  cpus: 0,
  memory: 0,
  disk: 0,
  message: '',
  sshLocalPort: 0,
  sshConfigFile: 'dir/ssh.config',
  sshAddress: '127.0.0.1',
  hostAgentPID: 0,
  driverPID: 0,
  errors: [],
  protected: false,
  limaVersion: '',
};
const opts = (o: Partial<TableOptions> = {}): TableOptions => ({ terminalWidth: 0, allFields: false, homeDir: '/home/me', hostArch: 'x86_64', ...o });

describe('limactl list table (Lima instance_test vectors)', () => {
  it('hides identical VMTYPE and host ARCH when the width is unknown', () => {
    expect(formatInstanceTable([base], opts())).toBe(
      'NAME    STATUS     SSH            CPUS    MEMORY    DISK    DIR\n' + 'foo     Stopped    127.0.0.1:0    0       0B        0B      dir\n',
    );
  });

  it('shows ARCH when it is not the host arch', () => {
    expect(formatInstanceTable([{ ...base, arch: 'unknown' }], opts())).toBe(
      'NAME    STATUS     SSH            ARCH       CPUS    MEMORY    DISK    DIR\n' +
        'foo     Stopped    127.0.0.1:0    unknown    0       0B        0B      dir\n',
    );
  });

  it('abbreviates the home directory to ~', () => {
    expect(formatInstanceTable([{ ...base, dir: '/home/me/dir' }], opts())).toBe(
      'NAME    STATUS     SSH            CPUS    MEMORY    DISK    DIR\n' + 'foo     Stopped    127.0.0.1:0    0       0B        0B      ~/dir\n',
    );
  });

  it('hides DIR too at width 60', () => {
    expect(formatInstanceTable([base], opts({ terminalWidth: 60 }))).toBe(
      'NAME    STATUS     SSH            CPUS    MEMORY    DISK\n' + 'foo     Stopped    127.0.0.1:0    0       0B        0B\n',
    );
  });

  it('hides only identical columns at width 80', () => {
    expect(formatInstanceTable([base], opts({ terminalWidth: 80 }))).toBe(
      'NAME    STATUS     SSH            CPUS    MEMORY    DISK    DIR\n' + 'foo     Stopped    127.0.0.1:0    0       0B        0B      dir\n',
    );
  });

  it('keeps a foreign ARCH and drops DIR at width 80', () => {
    expect(formatInstanceTable([{ ...base, arch: 'unknown' }], opts({ terminalWidth: 80 }))).toBe(
      'NAME    STATUS     SSH            ARCH       CPUS    MEMORY    DISK\n' + 'foo     Stopped    127.0.0.1:0    unknown    0       0B        0B\n',
    );
  });

  it('shows everything at width 100', () => {
    expect(formatInstanceTable([base], opts({ terminalWidth: 100 }))).toBe(
      'NAME    STATUS     SSH            VMTYPE    ARCH      CPUS    MEMORY    DISK    DIR\n' +
        'foo     Stopped    127.0.0.1:0    qemu      x86_64    0       0B        0B      dir\n',
    );
  });

  it('shows everything with --all-fields even at width 40', () => {
    expect(formatInstanceTable([base], opts({ terminalWidth: 40, allFields: true }))).toBe(
      'NAME    STATUS     SSH            VMTYPE    ARCH      CPUS    MEMORY    DISK    DIR\n' +
        'foo     Stopped    127.0.0.1:0    qemu      x86_64    0       0B        0B      dir\n',
    );
  });

  it('keeps mixed types and arches but drops DIR at width 80', () => {
    const two = [base, { ...base, name: 'bar', vmType: 'vz', arch: 'aarch64' }];
    expect(formatInstanceTable(two, opts({ terminalWidth: 80 }))).toBe(
      'NAME    STATUS     SSH            VMTYPE    ARCH       CPUS    MEMORY    DISK\n' +
        'foo     Stopped    127.0.0.1:0    qemu      x86_64     0       0B        0B\n' +
        'bar     Stopped    127.0.0.1:0    vz        aarch64    0       0B        0B\n',
    );
  });

  it('formats a running instance with real sizes', () => {
    const inst = { ...base, name: 'default', status: 'Running' as const, sshLocalPort: 60022, cpus: 4, memory: 4 * 2 ** 30, disk: 100 * 2 ** 30 };
    expect(formatInstanceTable([inst], opts())).toBe(
      'NAME       STATUS     SSH                CPUS    MEMORY    DISK      DIR\n' +
        'default    Running    127.0.0.1:60022    4       4GiB      100GiB    dir\n',
    );
  });
});

describe('bytesSize (go-units BytesSize)', () => {
  it.each([
    [0, '0B'],
    [512, '512B'],
    [1024, '1KiB'],
    [1536 * 2 ** 20, '1.5GiB'],
    [4 * 2 ** 30, '4GiB'],
    [100 * 2 ** 30, '100GiB'],
    [2 ** 40, '1TiB'],
    [1023.99 * 2 ** 20, '1024MiB'],
    [1.2345 * 2 ** 30, '1.234GiB'],
  ])('%d → %s', (n, s) => {
    expect(bytesSize(n)).toBe(s);
  });
});

describe('tabwrite', () => {
  it('pads to the widest cell plus 4, at least 4, leaving the last cell bare', () => {
    expect(tabwrite([['a', 'bb', 'c'], ['', 'b', 'last']])).toBe('a    bb    c\n' + '     b     last\n');
    expect(tabwrite([['', 'x']])).toBe('    x\n');
  });
});

describe('instanceToJSON', () => {
  it('carries every limactl field name', () => {
    expect(Object.keys(instanceToJSON(base))).toEqual([
      'name', 'hostname', 'status', 'dir', 'vmType', 'arch', 'cpus', 'memory', 'disk', 'message',
      'sshLocalPort', 'sshConfigFile', 'hostAgentPID', 'driverPID', 'errors', 'sshAddress', 'protected', 'limaVersion',
    ]);
  });
});
