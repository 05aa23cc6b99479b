import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Logger } from '../../common/logger';
import { LimaVersion, Protected, VzIdentifier } from '../store/filenames';
import type { InstanceCatalog } from './catalog';
import { InstanceStateError } from './errors';
import { forceStop } from './force-stop';

/** What `limactl factory-reset` keeps: the YAML files, `lima-version`, `protected`, `vz-identifier`. */
export function keptByFactoryReset(name: string): boolean {
  return [LimaVersion, Protected, VzIdentifier].includes(name) || name.endsWith('.yaml') || name.endsWith('.yml');
}

export interface ResetEntry {
  /** File or directory name inside the instance directory. */
  name: string;
  /** Bytes it takes on the host (a directory counts what is in it). */
  bytes: number;
}

async function bytesOf(file: string): Promise<number> {
  const info = await lstat(file);
  if (!info.isDirectory()) return info.blocks * 512;
  let sum = 0;
  for (const entry of await readdir(file)) sum += await bytesOf(path.join(file, entry)).catch(() => 0);
  return sum;
}

/** What a factory reset of the instance would remove, with sizes: what the dashboard asks about. */
export async function factoryResetPlan(catalog: InstanceCatalog, name: string): Promise<ResetEntry[]> {
  const inst = await catalog.inspect(name);
  const entries: ResetEntry[] = [];
  for (const entry of (await readdir(inst.dir)).sort()) {
    if (keptByFactoryReset(entry)) continue;
    entries.push({ name: entry, bytes: await bytesOf(path.join(inst.dir, entry)).catch(() => 0) });
  }
  return entries;
}

/**
 * `limactl factory-reset NAME`: refused for a protected instance; otherwise a running VM is
 * killed (Lima's StopForcibly) and everything but the kept files goes, the disk included, so
 * the next start begins from the image again with a fresh cloud-init seed.
 */
export async function factoryReset(catalog: InstanceCatalog, name: string, logger: Logger = silentLogger): Promise<ResetEntry[]> {
  const inst = await catalog.inspect(name);
  if (inst.protected) {
    throw new InstanceStateError(`instance ${JSON.stringify(name)} is protected to prohibit accidental factory-reset (hint: use \`limadesk unprotect ${name}\`)`);
  }
  await forceStop(catalog.limaHome, inst.dir, inst.config, logger);
  const removed = await factoryResetPlan(catalog, name);
  for (const entry of removed) {
    const file = path.join(inst.dir, entry.name);
    logger.info(`Removing ${JSON.stringify(file)}`);
    // Recursively, unlike Lima's os.Remove: the TPM state directory is part of what a reset forgets.
    await rm(file, { recursive: true, force: true });
  }
  logger.debug(`Instance ${JSON.stringify(name)} has been factory reset`);
  return removed;
}
