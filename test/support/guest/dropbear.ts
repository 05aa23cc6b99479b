import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import type { CpioEntry } from './cpio-newc';

/** Debian's dropbear-bin: a small SSH server the guest starts when booted with `limadesk.ssh=1`. */
export const DROPBEAR = '/usr/sbin/dropbear';

/**
 * The dynamic libraries a binary loads, as ldd resolves them on this host: the guest runs the
 * host's own Debian binaries, so the host's libraries are the matching ones.
 */
function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const libraries: string[] = [];
  for (const line of out.split('\n')) {
    const resolved = /=>\s+(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (resolved?.[1]) libraries.push(resolved[1]);
  }
  return libraries;
}

export function dropbearAvailable(): boolean {
  return existsSync(DROPBEAR);
}

/** Bytes that decide whether a cached initramfs still holds the current dropbear and its libraries. */
export function dropbearFingerprint(): Buffer[] {
  if (!dropbearAvailable()) return [Buffer.from('no-dropbear')];
  return [DROPBEAR, ...sharedLibraries(DROPBEAR)].map((file) => readFileSync(file));
}

/**
 * Initramfs entries for dropbear: the binary plus each library at the path the loader will look
 * for it (symlinks such as /lib64/ld-linux-x86-64.so.2 are stored as the file they point to).
 */
export function dropbearEntries(): CpioEntry[] {
  if (!dropbearAvailable()) {
    throw new Error(`${DROPBEAR} is missing: the test guest's SSH server comes from Debian's dropbear-bin (apt-get install dropbear-bin)`);
  }
  const entries: CpioEntry[] = [
    { kind: 'dir', path: 'sbin' },
    { kind: 'file', path: 'sbin/dropbear', data: readFileSync(DROPBEAR), mode: 0o755 },
    { kind: 'dir', path: 'etc/dropbear', mode: 0o700 },
  ];
  const dirs = new Set<string>(['sbin', 'etc', 'etc/dropbear', 'lib']);
  for (const library of sharedLibraries(DROPBEAR)) {
    const inGuest = library.replace(/^\/usr\//, '/').slice(1);
    const parts = inGuest.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!dirs.has(dir)) {
        dirs.add(dir);
        entries.push({ kind: 'dir', path: dir });
      }
    }
    entries.push({ kind: 'file', path: inGuest, data: readFileSync(realpathSync(library)), mode: 0o755 });
  }
  return entries;
}
