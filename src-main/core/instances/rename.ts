import { readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Logger } from '../../common/logger';
import type { ConfigIssue } from '../config/types';
import { applyYqExpressions } from '../config/yq/index';
import { moveDiskLock, readDiskHolder } from '../disks/disk-lock';
import type { DiskImageTool } from '../driver/driver';
import { createDiskImageTool } from '../driver/registry';
import { writeSshConfig } from '../hostagent/ssh-config-file';
import { BaseDisk, DiffDisk, DisksDir, SSHConfig } from '../store/filenames';
import type { Instance } from '../store/instance';
import { instanceDir, validateSocketPathLength } from '../store/names';
import { pathExists } from '../store/path-exists';
import { sshPortFromConfig } from '../store/ssh-config';
import type { InstanceCatalog } from './catalog';
import { InstanceExistsError, InstanceStateError } from './errors';

export interface RenameOptions {
  expressions?: readonly string[];
  logger?: Logger;
  imageTool?: DiskImageTool;
  /** Called after the move, to carry over what lives outside LIMA_HOME (the start-at-login entry). */
  afterMove?: (oldName: string, newName: string) => Promise<void>;
}

export interface RenameResult {
  instance: Instance;
  warnings: ConfigIssue[];
}

/**
 * `limactl rename OLD NEW`: the stopped instance's directory moves as a whole (no copy of
 * its disk), and what names the directory follows it: ssh.config (host alias, control
 * socket), the `in_use_by` locks of its additional disks, and a legacy diffdisk's backing
 * file name. `expressions` are applied after the move; if they do not validate, the move is
 * undone.
 */
export async function renameInstance(catalog: InstanceCatalog, oldName: string, newName: string, options: RenameOptions = {}): Promise<RenameResult> {
  const logger = options.logger ?? silentLogger;
  const source = await catalog.inspect(oldName);
  const dir = instanceDir(catalog.limaHome, newName);
  if (newName === oldName) throw new InstanceExistsError(newName, dir);
  validateSocketPathLength(newName, dir);
  if (source.status === 'Running' || source.hostAgentPID > 0 || source.driverPID > 0) {
    throw new InstanceStateError(`cannot rename a running instance: stop ${JSON.stringify(oldName)} first (\`limadesk stop ${oldName}\`)`);
  }
  if (await pathExists(dir)) throw new InstanceExistsError(newName, dir);
  const text = source.config ? (await catalog.readConfig(oldName)).text : undefined;
  // Checked before anything moves, so that an expression Limadesk cannot run changes nothing.
  const edited = text !== undefined ? applyYqExpressions(text, options.expressions ?? []) : { changed: false, text: '' };

  try {
    await rename(source.dir, dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new InstanceExistsError(newName, dir);
    throw err;
  }
  let warnings: ConfigIssue[] = [];
  if (edited.changed) {
    try {
      warnings = (await catalog.writeConfig(newName, edited.text)).warnings;
    } catch (err) {
      await rename(dir, source.dir);
      throw err;
    }
  }
  await followMove(catalog.limaHome, source, dir, newName, options.imageTool ?? createDiskImageTool(), logger);
  await options.afterMove?.(oldName, newName);
  logger.info(`Renamed ${JSON.stringify(oldName)} to ${JSON.stringify(newName)}`);
  return { instance: await catalog.inspect(newName), warnings };
}

async function followMove(limaHome: string, source: Instance, dir: string, newName: string, tool: DiskImageTool, logger: Logger): Promise<void> {
  const sshConfig = path.join(dir, SSHConfig);
  if (await pathExists(sshConfig)) {
    const port = await sshPortFromConfig(sshConfig).catch(() => 0);
    await writeSshConfig({ name: newName, dir, limaHome, user: source.config?.user?.name, port });
  }
  const disks = await readdir(path.join(limaHome, DisksDir)).catch(() => [] as string[]);
  for (const disk of disks) {
    const diskDir = path.join(limaHome, DisksDir, disk);
    const holder = await readDiskHolder(diskDir).catch(() => undefined);
    if (holder && holder.instanceDir === path.resolve(source.dir)) {
      await moveDiskLock(diskDir, dir);
      logger.info(`the lock of disk ${JSON.stringify(disk)} now names ${JSON.stringify(newName)}`);
    }
  }
  const diff = path.join(dir, DiffDisk);
  if (await pathExists(path.join(dir, BaseDisk)) && (await pathExists(diff))) {
    const info = await tool.info(diff).catch(() => undefined);
    if (info?.backingFilename && path.resolve(dir, info.backingFilename) === path.join(source.dir, BaseDisk)) {
      const base = await tool.info(path.join(dir, BaseDisk));
      await tool.setBackingFile(diff, path.join(dir, BaseDisk), base.format);
    }
  }
}
