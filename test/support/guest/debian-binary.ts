import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { withLockFile } from './build-lock';
import type { CpioEntry } from './cpio-newc';
import { downloadPackage, extractPackage } from './kernel-package';

/** A program from a Debian package that the guest runs with the host's own libraries. */
export interface DebianProgram {
  packageName: string;
  /** Where the package installs it, e.g. /usr/sbin/sshd. */
  path: string;
}

/**
 * The program's file: the host's own when its package is installed, else the file from the
 * package's .deb, downloaded once with apt-get and unpacked under `cacheRoot`.
 */
export async function locateProgram(program: DebianProgram, cacheRoot: string): Promise<string> {
  if (existsSync(program.path)) return program.path;
  const unpacked = join(cacheRoot, 'debs', program.packageName);
  const inPackage = join(unpacked, program.path);
  if (existsSync(inPackage)) return inPackage;
  await withLockFile(`${unpacked}.lock`, 5 * 60_000, async () => {
    if (existsSync(inPackage)) return;
    const work = mkdtempSync(`${unpacked}.download-`);
    try {
      const deb = await downloadPackage(program.packageName, work);
      await extractPackage(deb, join(work, 'root'));
      rmSync(unpacked, { recursive: true, force: true });
      renameSync(join(work, 'root'), unpacked);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
  if (!existsSync(inPackage)) throw new Error(`Debian's ${program.packageName} package has no ${program.path}`);
  return inPackage;
}

/**
 * The dynamic libraries a binary loads, as ldd resolves them on this host: the guest runs
 * Debian binaries built for this host's release, so the host's libraries are the matching ones.
 */
export function sharedLibraries(binary: string, packageName: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const missing = [...out.matchAll(/^\s*(\S+) => not found/gm)].map((m) => m[1]);
  if (missing.length > 0) {
    throw new Error(`${binary} needs ${missing.join(', ')}, which this host lacks: apt-get install ${packageName} brings them`);
  }
  const libraries: string[] = [];
  for (const line of out.split('\n')) {
    const resolved = /=>\s+(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (resolved?.[1]) libraries.push(resolved[1]);
  }
  return libraries;
}

/** Adds a directory entry for each parent of `path` not yet in `dirs`. */
export function parentDirs(path: string, dirs: Set<string>): CpioEntry[] {
  const entries: CpioEntry[] = [];
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    if (!dirs.has(dir)) {
      dirs.add(dir);
      entries.push({ kind: 'dir', path: dir });
    }
  }
  return entries;
}

/**
 * Initramfs entries for the libraries of `binaries`, each at the path the loader looks for it
 * (/usr/lib/… stored as /lib/…; symlinks such as /lib64/ld-linux-x86-64.so.2 stored as the
 * file they point to), each library once.
 */
export function libraryEntries(libraries: readonly string[], dirs: Set<string>): CpioEntry[] {
  const entries: CpioEntry[] = [];
  const seen = new Set<string>();
  for (const library of libraries) {
    const inGuest = library.replace(/^\/usr\//, '/').slice(1);
    if (seen.has(inGuest)) continue;
    seen.add(inGuest);
    entries.push(...parentDirs(inGuest, dirs));
    entries.push({ kind: 'file', path: inGuest, data: readFileSync(realpathSync(library)), mode: 0o755 });
  }
  return entries;
}

