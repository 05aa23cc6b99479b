import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Runner } from './runner';

export function vhostUserDirs(homeDir: string, qemuExePath: string): string[] {
  return [
    path.join(homeDir, '.local/share/qemu/vhost-user'),
    path.join(path.dirname(path.dirname(qemuExePath)), 'share/qemu/vhost-user'),
    '/usr/share/qemu/vhost-user',
  ];
}

/**
 * The Rust virtiofsd named by a vhost-user `"type": "fs"` descriptor. The binary must answer
 * `--version`: the old C virtiofsd does not, and it needs root anyway.
 */
export async function findVirtiofsd(dirs: readonly string[], runner: Runner): Promise<string> {
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      try {
        const doc = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as { type?: unknown; binary?: unknown };
        if (doc.type !== 'fs' || typeof doc.binary !== 'string') continue;
        if ((await runner(doc.binary, ['--version'])).code === 0) return doc.binary;
      } catch {
        // an unreadable descriptor is skipped like a non-matching one
      }
    }
  }
  throw new Error(`failed to locate virtiofsd (searched ${dirs.join(', ')})`);
}
