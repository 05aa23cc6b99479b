import { rm } from 'node:fs/promises';
import { processOwnsPidFile } from './pid-owner';
import { readSmallFile } from './small-file';

/** Tells whether live process `pid` is the one that wrote `file`; undefined when it cannot tell. */
export type PidOwnerCheck = (pid: number, file: string) => Promise<boolean | undefined>;

const checkOwnerByCommandLine: PidOwnerCheck = (pid, file) => processOwnsPidFile(pid, file);

/**
 * Reads a pid file the way Lima's status rules do. Returns 0 when the file is absent or its
 * process is gone; a stale file is deleted so the next reader sees a clean directory. A file
 * that cannot be read or parsed is an error: the caller reports the instance as Broken.
 *
 * Unlike Lima, a live process is also checked to be the file's writer (see pid-owner.ts): a
 * reused pid must read as "gone", or status would say Running and `stop -f` would kill a
 * stranger.
 */
export async function readPidFile(
  file: string,
  probe: (pid: number) => void = probeSignal0,
  ownerCheck: PidOwnerCheck = checkOwnerByCommandLine,
): Promise<number> {
  let text: string | undefined;
  try {
    text = readSmallFile(file);
  } catch (err) {
    throw new Error(`cannot read pid file ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (text === undefined) return 0;
  const trimmed = text.trim();
  // strconv.Atoi accepts an optional sign and decimal digits only.
  if (!/^[+-]?\d+$/.test(trimmed)) {
    throw new Error(`pid file ${file}: strconv.Atoi: parsing ${JSON.stringify(trimmed)}: invalid syntax`);
  }
  const pid = Number(trimmed);
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    // process.kill(0) or a negative pid would signal a process group, never a single process.
    throw new Error(`pid file ${file}: invalid pid ${trimmed}`);
  }
  try {
    probe(pid);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') {
      await rm(file, { force: true });
      return 0;
    }
    // No permission to signal it (e.g. a root-owned daemon) still proves it is alive.
    if (code !== 'EPERM') throw new Error(`pid file ${file}: cannot probe pid ${pid}: ${(err as Error).message}`, { cause: err });
  }
  if ((await ownerCheck(pid, file)) === false) {
    await rm(file, { force: true });
    return 0;
  }
  return pid;
}

function probeSignal0(pid: number): void {
  process.kill(pid, 0);
}
