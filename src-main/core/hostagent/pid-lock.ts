import { link, rm } from 'node:fs/promises';
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
 *
 * The file appears with its content in one step (written aside, then hard-linked into place),
 * and the link fails if the file exists: of two agents racing for one instance exactly one
 * wins, and nobody ever reads a half-written pid.
 */
export async function claimPidFile(name: string, pidFile: string, pid = process.pid): Promise<void> {
  const existing = await readPidFile(pidFile);
  if (existing === pid) return;
  if (existing !== 0) throw new SeemsRunningError(name, pidFile);
  const aside = `${pidFile}.${pid}.tmp`;
  await writeFileAtomic(aside, `${pid}\n`, 0o644);
  try {
    await link(aside, pidFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new SeemsRunningError(name, pidFile);
    throw err;
  } finally {
    await rm(aside, { force: true });
  }
}

/** Removes files this process created, quietly: cleanup must not mask the error that led to it. */
export async function removeQuietly(files: string[]): Promise<void> {
  await Promise.all(files.map((f) => rm(f, { force: true }).catch(() => undefined)));
}
