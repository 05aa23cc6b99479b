import { readdir, readlink, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../common/logger';
import type { FilledLimaYAML } from '../config/types';
import { DisksDir, HostAgentPID, InUseBy, PIDFile, TmpFileSuffixes } from '../store/filenames';
import { readPidFile } from '../store/pidfile';

/**
 * `limactl stop -f`: kill the VM first (so it cannot write to disks the host agent no longer
 * guards), release additional disks, kill the host agent, then clear pid files, sockets and
 * temp files so the instance reads as Stopped. Problems are logged, never fatal: a forced stop
 * must make progress on a half-dead instance.
 */
export async function forceStop(
  limaHome: string,
  dir: string,
  config: FilledLimaYAML | undefined,
  logger: Logger,
): Promise<void> {
  await killFromPidFile(path.join(dir, PIDFile(config?.vmType || 'qemu')), logger);
  await unlockAdditionalDisks(limaHome, dir, config, logger);
  await killFromPidFile(path.join(dir, HostAgentPID), logger);
  await removeTemporaryFiles(dir, logger);
}

async function killFromPidFile(file: string, logger: Logger): Promise<void> {
  let pid: number;
  try {
    pid = await readPidFile(file);
  } catch (err) {
    logger.warn('cannot read pid file', { file, error: (err as Error).message });
    return;
  }
  if (pid === 0) return;
  try {
    process.kill(pid, 'SIGKILL');
    logger.info('sent SIGKILL', { pid, file });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') logger.warn('cannot kill', { pid, error: (err as Error).message });
  }
}

async function unlockAdditionalDisks(limaHome: string, dir: string, config: FilledLimaYAML | undefined, logger: Logger): Promise<void> {
  for (const disk of config?.additionalDisks ?? []) {
    const name = typeof disk === 'string' ? disk : disk.name;
    const lock = path.join(limaHome, DisksDir, name, InUseBy);
    try {
      // Only release a lock this instance holds; another instance may be using the disk.
      if (path.resolve(path.dirname(lock), await readlink(lock)) === dir) await rm(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn('cannot unlock disk', { disk: name, error: (err as Error).message });
    }
  }
}

async function removeTemporaryFiles(dir: string, logger: Logger): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!TmpFileSuffixes.some((suffix) => name.endsWith(suffix))) continue;
    await rm(path.join(dir, name), { force: true }).catch((err: Error) => logger.warn('cannot remove', { file: name, error: err.message }));
  }
}
