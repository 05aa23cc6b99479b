import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Logger } from '../../common/logger';
import type { AdditionalDisk } from '../config/types';
import { identifierProblem } from '../config/validate-files';
import type { DiskImageTool } from '../driver/driver';
import { createDiskImageTool } from '../driver/registry';
import { cloneFile, type CloneMethod } from '../store/clone-file';
import { DataDisk, DisksDir } from '../store/filenames';
import { inspectInstance, type InspectDeps } from '../store/inspect';
import type { Instance } from '../store/instance';
import { listInstances } from '../store/list';
import { pathExists } from '../store/path-exists';
import { readDiskHolder, unlockDisk, type DiskHolder } from './disk-lock';
import { parseDiskSize } from './disk-size';
import { DiskExistsError, DiskNotFoundError, DiskRequestError, DiskStateError } from './errors';
import { readImageHeader } from './image-header';

/** One of Lima's additional disks, as `limactl disk list --json` shows it, with what the host pays for it. */
export interface DiskEntry {
  name: string;
  /** Virtual size in bytes (what the guest sees). */
  size: number;
  /** Bytes the image takes on the host's file system (sparse and qcow2 images take less). */
  sizeOnDisk: number;
  format: string;
  dir: string;
  /** The instance holding the `in_use_by` lock; '' when none. */
  instance: string;
  instanceDir: string;
  /** Where Lima's boot script mounts it in the guest. */
  mountPoint: string;
  /** Instances whose lima.yaml names the disk in `additionalDisks`. */
  referencedBy: string[];
}

export type DiskFormat = 'qcow2' | 'raw';
export const DISK_FORMATS: readonly DiskFormat[] = ['qcow2', 'raw'];

export interface DiskStoreDeps {
  logger?: Logger;
  imageTool?: DiskImageTool;
  inspect?: InspectDeps;
}

export function additionalDiskName(disk: AdditionalDisk): string {
  return typeof disk === 'string' ? disk : disk.name;
}

const q = (s: string): string => `\`${s}\``;

/**
 * Lima's additional disks under `$LIMA_HOME/_disks/<name>/datadisk`, with Lima's `in_use_by`
 * lock and Lima's rules for `limactl disk create|list|delete|resize|unlock|import`. A disk
 * made here is a disk `limactl` lists, and the other way round.
 */
export class DiskStore {
  private readonly logger: Logger;
  private readonly tool: DiskImageTool;

  constructor(readonly limaHome: string, private readonly deps: DiskStoreDeps = {}) {
    this.logger = deps.logger ?? silentLogger;
    this.tool = deps.imageTool ?? createDiskImageTool();
  }

  /** The disk's directory; the name is checked first, so it never escapes `_disks`. */
  diskDir(name: string): string {
    const problem = identifierProblem(name);
    if (problem) throw new DiskRequestError(`invalid disk name ${JSON.stringify(name)}: ${problem}`);
    return path.join(this.limaHome, DisksDir, name);
  }

  async names(): Promise<string[]> {
    try {
      const entries = await readdir(path.join(this.limaHome, DisksDir), { withFileTypes: true });
      return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  async list(): Promise<DiskEntry[]> {
    const names = (await this.names()).filter((n) => identifierProblem(n) === undefined);
    const instances = names.length > 0 ? await this.instances() : [];
    const disks: DiskEntry[] = [];
    for (const name of names) {
      try {
        disks.push(await this.describe(name, instances));
      } catch (err) {
        // A half-made directory (no datadisk): Lima skips it with an error line; so do we.
        if (!(err instanceof DiskNotFoundError)) throw err;
        this.logger.warn(`disk ${q(name)} does not exist?`, { error: err.message });
      }
    }
    return disks;
  }

  async inspect(name: string): Promise<DiskEntry> {
    return this.describe(name, await this.instances());
  }

  /** `limactl disk create NAME --size SIZE [--format qcow2|raw]`; a failure leaves no directory. */
  async create(name: string, size: string | number, format: string = 'qcow2'): Promise<DiskEntry> {
    const dir = this.diskDir(name);
    const bytes = parseDiskSize(size);
    if (!(DISK_FORMATS as readonly string[]).includes(format)) {
      throw new DiskRequestError(`disk format ${q(format)} not supported, use \`qcow2\` or \`raw\` instead`);
    }
    if (await pathExists(dir)) throw new DiskExistsError(name, dir);
    await mkdir(path.dirname(dir), { recursive: true });
    await mkdir(dir, { mode: 0o700 });
    try {
      await this.tool.create(path.join(dir, DataDisk), format as DiskFormat, bytes);
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`failed to create ${format} disk in ${q(dir)}: ${(err as Error).message}`, { cause: err });
    }
    this.logger.debug(`Created ${format} disk ${q(name)}`, { bytes });
    return this.inspect(name);
  }

  /**
   * `limactl disk delete`: a disk locked by an instance is refused with that instance's name;
   * one that stopped instances name in `additionalDisks` is refused unless `force`. A disk
   * under a running VM is never deleted, `force` or not.
   */
  async delete(name: string, options: { force?: boolean } = {}): Promise<void> {
    const disk = await this.inspect(name);
    if (disk.instance !== '') {
      const holder = await this.holderInstance(disk);
      if (holder?.status === 'Running') {
        throw new DiskStateError(`cannot delete disk ${q(name)} in use by running instance ${q(disk.instance)}; stop it first`, [disk.instance]);
      }
      if (!options.force) throw new DiskStateError(`cannot delete disk ${q(name)} in use by instance ${q(disk.instance)}`, [disk.instance]);
    }
    const others = disk.referencedBy.filter((n) => n !== disk.instance);
    if (!options.force && others.length > 0) {
      throw new DiskStateError(
        `cannot delete disk ${q(name)}: the instance(s) ${others.map(q).join(', ')} name it in \`additionalDisks\`; detach it from them first, or delete with --force`,
        others,
      );
    }
    await rm(disk.dir, { recursive: true, force: true });
    this.logger.debug(`Deleted ${q(name)} (${q(disk.dir)})`);
  }

  /** `limactl disk resize NAME --size SIZE`: grow only, never under a running VM. */
  async resize(name: string, size: string | number): Promise<DiskEntry> {
    const bytes = parseDiskSize(size);
    const disk = await this.inspect(name);
    if (bytes < disk.size) {
      throw new DiskRequestError(`specified size ${bytes} bytes is less than the current size of disk ${q(name)} (${disk.size} bytes); disks cannot shrink`);
    }
    if (disk.instance !== '' && (await this.holderInstance(disk))?.status === 'Running') {
      throw new DiskStateError(`cannot resize disk ${q(name)} used by running instance ${q(disk.instance)}; stop the instance first`, [disk.instance]);
    }
    if (bytes === disk.size) return disk;
    await this.tool.resize(path.join(disk.dir, DataDisk), disk.format, bytes);
    this.logger.debug(`Resized disk ${q(name)} (${q(disk.dir)})`);
    return this.inspect(name);
  }

  /** `limactl disk unlock`: for a lock left behind by a forced stop; a running or broken holder keeps it. */
  async unlock(name: string): Promise<{ disk: DiskEntry; wasLocked: boolean }> {
    const disk = await this.inspect(name);
    if (disk.instance === '') return { disk, wasLocked: false };
    const holder = await this.holderInstance(disk);
    if (holder?.status === 'Running') {
      throw new DiskStateError(`cannot unlock disk ${q(name)} used by running instance ${q(disk.instance)}`, [disk.instance]);
    }
    if (holder && holder.errors.length > 0) {
      throw new DiskStateError(`cannot unlock disk ${q(name)}: the attached instance ${q(disk.instance)} has errors: ${holder.errors.join('; ')}`, [disk.instance]);
    }
    await unlockDisk(disk.dir);
    this.logger.debug(`Unlocked disk ${q(name)} (${q(disk.dir)})`);
    return { disk: await this.inspect(name), wasLocked: true };
  }

  /**
   * `limactl disk import NAME FILE`: a qcow2 or raw image copied (copy-on-write where the
   * filesystem can) into a new disk; a failure leaves no directory.
   */
  async import(name: string, file: string, options: { onBytes?: (done: number, total: number) => void; signal?: AbortSignal } = {}): Promise<{ disk: DiskEntry; method: CloneMethod }> {
    const dir = this.diskDir(name);
    if (await pathExists(dir)) throw new DiskExistsError(name, dir);
    let header;
    try {
      header = await readImageHeader(file);
    } catch (err) {
      throw new DiskRequestError(`cannot read ${q(file)}: ${(err as Error).message}`);
    }
    if (header.format !== 'qcow2' && header.format !== 'raw') {
      throw new DiskRequestError(`disk format ${q(header.format)} of ${q(file)} not supported, use \`qcow2\` or \`raw\` instead`);
    }
    const total = (await stat(file)).size;
    await mkdir(path.dirname(dir), { recursive: true });
    await mkdir(dir, { mode: 0o755 });
    let method: CloneMethod;
    try {
      method = await cloneFile(file, path.join(dir, DataDisk), {
        ...(options.signal ? { signal: options.signal } : {}),
        onBytes: (done) => options.onBytes?.(done, total),
      });
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    this.logger.debug(`Imported ${q(name)}`, { bytes: header.virtualSize, method });
    return { disk: await this.inspect(name), method };
  }

  private async describe(name: string, instances: readonly Instance[]): Promise<DiskEntry> {
    const dir = this.diskDir(name);
    const dataDisk = path.join(dir, DataDisk);
    let onDisk;
    try {
      onDisk = await stat(dataDisk);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new DiskNotFoundError(name, dir);
      throw err;
    }
    const header = await readImageHeader(dataDisk);
    const holder: DiskHolder | undefined = await readDiskHolder(dir);
    return {
      name,
      size: header.virtualSize,
      sizeOnDisk: onDisk.blocks * 512,
      format: header.format,
      dir,
      instance: holder?.instance ?? '',
      instanceDir: holder?.instanceDir ?? '',
      mountPoint: `/mnt/lima-${name}`,
      referencedBy: instances.filter((i) => (i.config?.additionalDisks ?? []).some((d) => additionalDiskName(d) === name)).map((i) => i.name),
    };
  }

  private instances(): Promise<Instance[]> {
    return listInstances(this.limaHome, this.deps.inspect ?? {});
  }

  /** The instance holding the lock, when its directory is one of this LIMA_HOME's instances. */
  private async holderInstance(disk: DiskEntry): Promise<Instance | undefined> {
    if (path.dirname(disk.instanceDir) !== path.resolve(this.limaHome) || identifierProblem(disk.instance)) return undefined;
    if (!(await pathExists(disk.instanceDir))) return undefined;
    return inspectInstance(this.limaHome, disk.instance, this.deps.inspect ?? {});
  }
}
