import { readFileSync } from 'node:fs';

/**
 * Reads one of an instance's small files (pid files, lima-version, ssh.config, lima.yaml)
 * synchronously; undefined when it does not exist. A listing reads hundreds of them, and for
 * files this size the promise API's thread-pool round trips (open, fstat, read, close) cost
 * twenty times the reading itself: a synchronous read blocks for microseconds instead.
 */
export function readSmallFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
