import { readFile } from 'node:fs/promises';

/**
 * The command line of a running process, where the OS exposes it without spawning anything
 * (Linux's /proc). Used only to log what was really run; undefined elsewhere.
 */
export async function processArgv(pid: number): Promise<string[] | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    const parts = raw.split('\0');
    if (parts.at(-1) === '') parts.pop();
    return parts.length > 0 ? parts : undefined;
  } catch {
    return undefined;
  }
}
