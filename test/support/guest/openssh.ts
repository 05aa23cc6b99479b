import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CpioEntry } from './cpio-newc';
import { libraryEntries, locateProgram, parentDirs, sharedLibraries, type DebianProgram } from './debian-binary';

/** The SSH server of real Lima guests: the guest runs it when booted with `limadesk.ssh=1`. */
export const SSHD: DebianProgram = { packageName: 'openssh-server', path: '/usr/sbin/sshd' };
/**
 * OpenBSD's netcat, for tests that need a guest program listening on a unix socket or on a
 * chosen address (busybox's nc does neither).
 */
export const NETCAT: DebianProgram = { packageName: 'netcat-openbsd', path: '/bin/nc.openbsd' };

const sshdConfigPath = join(dirname(fileURLToPath(import.meta.url)), 'sshd_config');

/** The files that go into the guest for SSH, found on the host (or unpacked from Debian's packages). */
export interface SshParts {
  sshd: string;
  netcat: string;
  libraries: string[];
}

export async function resolveSshParts(cacheRoot: string): Promise<SshParts> {
  const sshd = await locateProgram(SSHD, cacheRoot);
  const netcat = await locateProgram(NETCAT, cacheRoot);
  const libraries = [...sharedLibraries(sshd, SSHD.packageName), ...sharedLibraries(netcat, NETCAT.packageName)];
  return { sshd, netcat, libraries };
}

/** Bytes that decide whether a cached initramfs still holds the current sshd, netcat and their libraries. */
export function sshFingerprint(parts: SshParts): Buffer[] {
  return [sshdConfigPath, parts.sshd, parts.netcat, ...parts.libraries].map((file) => readFileSync(file));
}

/** An ed25519 host key made now: each build of the guest has its own, every boot of it the same. */
function makeHostKey(): { privateKey: Buffer; publicKey: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'ld-hostkey-'));
  try {
    const file = join(dir, 'ssh_host_ed25519_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'limadesk-test-guest', '-f', file]);
    return { privateKey: readFileSync(file), publicKey: readFileSync(`${file}.pub`) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Initramfs entries for OpenSSH's sshd (at /usr/sbin/sshd: it re-executes itself by that
 * absolute path for each connection), its configuration and host key, its privilege
 * separation directory, netcat as /bin/nc.openbsd (busybox's sh would run its own nc applet for
 * a plain `nc`), and the libraries both load.
 */
export function sshEntries(parts: SshParts, dirs: Set<string>): CpioEntry[] {
  const hostKey = makeHostKey();
  const entries: CpioEntry[] = [];
  const add = (entry: CpioEntry): void => {
    entries.push(...parentDirs(entry.path, dirs));
    if (entry.kind === 'dir') {
      if (dirs.has(entry.path)) return;
      dirs.add(entry.path);
    }
    entries.push(entry);
  };
  add({ kind: 'file', path: 'usr/sbin/sshd', data: readFileSync(parts.sshd), mode: 0o755 });
  add({ kind: 'file', path: 'bin/nc.openbsd', data: readFileSync(parts.netcat), mode: 0o755 });
  add({ kind: 'dir', path: 'etc/ssh', mode: 0o755 });
  add({ kind: 'file', path: 'etc/ssh/sshd_config', data: readFileSync(sshdConfigPath), mode: 0o644 });
  add({ kind: 'file', path: 'etc/ssh/ssh_host_ed25519_key', data: hostKey.privateKey, mode: 0o600 });
  add({ kind: 'file', path: 'etc/ssh/ssh_host_ed25519_key.pub', data: hostKey.publicKey, mode: 0o644 });
  // sshd refuses to start unless its privilege separation directory is root's and not writable by others.
  add({ kind: 'dir', path: 'run', mode: 0o755 });
  add({ kind: 'dir', path: 'run/sshd', mode: 0o755 });
  add({ kind: 'dir', path: 'var', mode: 0o755 });
  add({ kind: 'dir', path: 'var/log', mode: 0o755 });
  entries.push(...libraryEntries(parts.libraries, dirs));
  return entries;
}
