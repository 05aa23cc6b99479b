import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mountedType, unescapeMountField } from './proc-mounts';
import { sftpServerArgs, sshfsCommand } from './reverse-sshfs';
import { findSftpServer } from './sftp-server';

const spec = { location: '/Users/me/my dir', mountPoint: '/Users/me/my dir', writable: false, cache: true, followSymlinks: false };

describe('reverse-sshfs commands, as Lima (sshocker) runs them', () => {
  it('runs sshfs in slave mode with allow_other, read-only unless writable', () => {
    expect(sshfsCommand(spec)).toBe(`sshfs ':/Users/me/my dir' '/Users/me/my dir' -o slave -o ro -o allow_other`);
    expect(sshfsCommand({ ...spec, writable: true, cache: false, followSymlinks: true }, ['nonempty'])).toBe(
      `sshfs ':/Users/me/my dir' '/Users/me/my dir' -o slave -o allow_other,cache=no,follow_symlinks -o nonempty`,
    );
  });

  it('serves the directory with sftp-server -e -d, -R when read-only, a % doubled', () => {
    expect(sftpServerArgs(spec)).toEqual(['-e', '-d', '/Users/me/my dir', '-R']);
    expect(sftpServerArgs({ ...spec, location: '/data/100%', writable: true })).toEqual(['-e', '-d', '/data/100%%']);
  });
});

describe('the guest mount table', () => {
  const table = [
    'proc /proc proc rw 0 0',
    'tester@: /mnt/my\\040share fuse.sshfs rw,nosuid,nodev 0 0',
    'lima-abc /mnt/ninep 9p rw,trans=virtio 0 0',
  ].join('\n');

  it('finds a mount point written with octal escapes', () => {
    expect(unescapeMountField('/a\\040b\\011c\\134d')).toBe('/a b\tc\\d');
    expect(mountedType(table, '/mnt/my share')).toBe('fuse.sshfs');
    expect(mountedType(table, '/mnt/ninep')).toBe('9p');
    expect(mountedType(table, '/mnt')).toBeUndefined();
  });
});

describe('findSftpServer', () => {
  it('prefers sftp-server on PATH, then the usual places, and only executables', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ld-sftp-'));
    try {
      await mkdir(path.join(dir, 'bin'));
      await writeFile(path.join(dir, 'bin', 'sftp-server'), '');
      await writeFile(path.join(dir, 'libexec-sftp-server'), '#!/bin/sh\n');
      await chmod(path.join(dir, 'libexec-sftp-server'), 0o755);
      // Not executable: skipped.
      expect(findSftpServer(path.join(dir, 'bin'), [path.join(dir, 'libexec-sftp-server')])).toBe(path.join(dir, 'libexec-sftp-server'));
      await chmod(path.join(dir, 'bin', 'sftp-server'), 0o755);
      expect(findSftpServer(path.join(dir, 'bin'), [path.join(dir, 'libexec-sftp-server')])).toBe(path.join(dir, 'bin', 'sftp-server'));
      expect(findSftpServer('', [path.join(dir, 'missing')])).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
