import { rm } from 'node:fs/promises';
import { writeFileAtomic } from '../store/atomic-write';
import { readPidFile } from '../store/pidfile';

export class SeemsRunningError extends Error {
  constructor(name: string, pidFile: string, message?: string) {
    super(message ?? `instance ${JSON.stringify(name)} seems running (hint: remove ${JSON.stringify(pidFile)} if the instance is not actually running)`);
    this.name = 'SeemsRunningError';
  }
}

/**
 * Claims an instance by writing our pid into `pidFile`. A pid file whose process is alive
 * means another agent owns the instance; a stale one is removed by readPidFile first.
 */
export async function claimPidFile(name: string, pidFile: string, pid = process.pid): Promise<void> {
  const existing = await readPidFile(pidFile);
  if (existing !== 0 && existing !== pid) throw new SeemsRunningError(name, pidFile);
  await writeFileAtomic(pidFile, `${pid}\n`, 0o644);
}

/** Removes files this process created, quietly: cleanup must not mask the error that led to it. */
export async function removeQuietly(files: string[]): Promise<void> {
  await Promise.all(files.map((f) => rm(f, { force: true }).catch(() => undefined)));
}
