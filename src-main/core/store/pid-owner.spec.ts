import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandLineOf, commandLineOwns, processOwnsPidFile } from './pid-owner';

describe('commandLineOwns', () => {
  const file = '/home/u/.lima/vm1/qemu.pid';
  it('accepts QEMU naming the file with -pidfile, and the host agent of the same instance', () => {
    expect(commandLineOwns(['qemu-system-x86_64', '-name', 'lima-vm1', '-pidfile', file], file)).toBe(true);
    expect(commandLineOwns(['limactl', 'hostagent', '--pidfile', '/home/u/.lima/vm1/ha.pid', 'vm1'], file)).toBe(true);
  });
  it('accepts the path through another spelling of LIMA_HOME (a symlink)', () => {
    expect(commandLineOwns(['qemu', '-pidfile', '/Users/u/lima-link/vm1/qemu.pid'], file)).toBe(true);
  });
  it('accepts the space-joined line `ps` prints', () => {
    expect(commandLineOwns(['/usr/bin/qemu-system-aarch64 -pidfile /x/vm1/qemu.pid -qmp unix:/x/vm1/qmp.sock'], file)).toBe(true);
  });
  it('refuses strangers, including the processes of an instance with a longer name', () => {
    expect(commandLineOwns(['sleep', '600'], file)).toBe(false);
    expect(commandLineOwns(['qemu', '-pidfile', '/home/u/.lima/vm10/qemu.pid'], file)).toBe(false);
    expect(commandLineOwns(['qemu', '-pidfile', '/home/u/.lima/xvm1/qemu.pid'], file)).toBe(false);
    expect(commandLineOwns([], file)).toBe(false);
  });
});

describe('commandLineOf', () => {
  it('reads the arguments of a live process', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)', '--', '--pidfile', '/x/vm1/ha.pid'], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      const argv = await commandLineOf(child.pid!);
      expect(argv?.join(' ')).toContain('-- --pidfile /x/vm1/ha.pid');
    } finally {
      child.kill('SIGKILL');
    }
  });
  it('gives an empty line for a pid that does not exist', async () => {
    expect(await commandLineOf(2 ** 22 + 12345)).toEqual([]);
  });
});

describe('processOwnsPidFile', () => {
  it('finds the pid file on a live process\'s command line, and only its own', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)', '--', '--pidfile', '/x/vm1/ha.pid', '-pidfile', '/x/vm1/qemu.pid'], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      expect(await processOwnsPidFile(child.pid!, '/home/u/.lima/vm1/qemu.pid')).toBe(true);
      expect(await processOwnsPidFile(child.pid!, '/home/u/.lima/vm1/ha.pid')).toBe(true);
      expect(await processOwnsPidFile(child.pid!, '/home/u/.lima/vm10/qemu.pid')).toBe(false);
      // The other path than Linux's (ps on macOS): the same answers from the split arguments.
      if (process.platform === 'linux') expect(await processOwnsPidFile(child.pid!, '/home/u/.lima/vm2/qemu.pid', 'darwin')).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
  it('says a process that is gone owns nothing', async () => {
    expect(await processOwnsPidFile(2 ** 22 + 12345, '/x/vm1/qemu.pid')).toBe(false);
  });
});
