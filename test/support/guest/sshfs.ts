import { readFileSync } from 'node:fs';
import type { CpioEntry } from './cpio-newc';
import { libraryEntries, locateProgram, parentDirs, sharedLibraries, type DebianProgram } from './debian-binary';

/**
 * What a reverse-sshfs mount needs in the guest, as Lima's boot scripts install it: Debian's
 * sshfs (libfuse 3) and fusermount3, setuid root as the fuse3 package ships it, for a mount
 * made by a user other than root. The kernel side is the `fuse` module (GUEST_MODULES).
 */
export const SSHFS: DebianProgram = { packageName: 'sshfs', path: '/usr/bin/sshfs' };
export const FUSERMOUNT: DebianProgram = { packageName: 'fuse3', path: '/usr/bin/fusermount3' };

export interface SshfsParts {
  sshfs: string;
  fusermount: string;
  libraries: string[];
}

export async function resolveSshfsParts(cacheRoot: string): Promise<SshfsParts> {
  const sshfs = await locateProgram(SSHFS, cacheRoot);
  const fusermount = await locateProgram(FUSERMOUNT, cacheRoot);
  return { sshfs, fusermount, libraries: [...sharedLibraries(sshfs, SSHFS.packageName), ...sharedLibraries(fusermount, FUSERMOUNT.packageName)] };
}

/** Bytes that decide whether a cached initramfs still holds the current sshfs, fusermount3 and their libraries. */
export function sshfsFingerprint(parts: SshfsParts): Buffer[] {
  return [parts.sshfs, parts.fusermount, ...parts.libraries].map((file) => readFileSync(file));
}

/** Initramfs entries: the two programs where libfuse looks for them, and their libraries. */
export function sshfsEntries(parts: SshfsParts, dirs: Set<string>): CpioEntry[] {
  const entries: CpioEntry[] = [];
  for (const [path, file, mode] of [['usr/bin/sshfs', parts.sshfs, 0o755], ['usr/bin/fusermount3', parts.fusermount, 0o4755]] as const) {
    entries.push(...parentDirs(path, dirs));
    entries.push({ kind: 'file', path, data: readFileSync(file), mode });
  }
  entries.push(...libraryEntries(parts.libraries, dirs));
  return entries;
}
