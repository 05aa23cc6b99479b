import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Logger } from '../../common/logger';
import { loadLimaYaml } from '../config/load';
import type { ConfigIssue } from '../config/types';
import { LIMA_VERSION_COMPAT } from '../config/version';
import { writeFileAtomic } from '../store/atomic-write';
import { LimaVersion, LimaYAML } from '../store/filenames';
import { inspectInstance, type InspectDeps, type LoadConfig } from '../store/inspect';
import type { Instance } from '../store/instance';
import { listInstances } from '../store/list';
import { instanceDir, validateSocketPathLength } from '../store/names';
import { ConfigConflictError, ConfigInvalidError, InstanceExistsError, InstanceNotFoundError, InstanceStateError } from './errors';
import { driverIssuesIn } from './driver-checks';
import { forceStop } from './force-stop';
import { pathExists } from '../store/path-exists';


export interface CatalogDeps {
  logger?: Logger;
  loadConfig?: LoadConfig;
  inspect?: InspectDeps;
  platform?: NodeJS.Platform;
}

export interface CreateOptions {
  /** Shown in issue positions instead of the temporary file (the user's file or template locator). */
  sourceName?: string;
}

export interface CreateResult {
  instance: Instance;
  /** Warning-severity issues of the config; creation went ahead. */
  warnings: ConfigIssue[];
}

export interface DeleteOptions {
  force?: boolean;
}

/** The one entry point for listing, inspecting, creating, editing and deleting instances. */
export class InstanceCatalog {
  private readonly logger: Logger;
  private readonly load: LoadConfig;

  constructor(
    readonly limaHome: string,
    private readonly deps: CatalogDeps = {},
  ) {
    this.logger = deps.logger ?? silentLogger;
    this.load = deps.loadConfig ?? loadLimaYaml;
  }

  list(): Promise<Instance[]> {
    return listInstances(this.limaHome, this.inspectDeps());
  }

  /** The instance, or InstanceNotFoundError when it has no directory at all. */
  async inspect(name: string): Promise<Instance> {
    const dir = instanceDir(this.limaHome, name);
    if (!(await pathExists(dir))) throw new InstanceNotFoundError(name);
    return inspectInstance(this.limaHome, name, this.inspectDeps());
  }

  /**
   * Creates `$LIMA_HOME/<name>` with `lima.yaml` holding `yamlText` byte for byte. Everything
   * is written into a hidden sibling directory first and renamed into place, so the instance
   * appears complete or not at all, even if the process dies half-way.
   */
  async create(name: string, yamlText: string, options: CreateOptions = {}): Promise<CreateResult> {
    const dir = instanceDir(this.limaHome, name);
    validateSocketPathLength(name, dir, this.deps.platform);
    if (await pathExists(dir)) throw new InstanceExistsError(name, dir);

    await mkdir(this.limaHome, { recursive: true, mode: 0o755 });
    const staging = path.join(this.limaHome, `.tmp-${name}-${randomBytes(6).toString('hex')}`);
    await mkdir(staging, { mode: 0o755 });
    try {
      const file = path.join(staging, LimaYAML);
      await writeFile(file, yamlText, { mode: 0o644 });
      const issues = await this.validate({ file }, dir, options.sourceName ?? path.join(dir, LimaYAML));
      // Lima reads this back to choose version-dependent defaults; the loader assumed the same version for a new dir.
      await writeFile(path.join(staging, LimaVersion), `${LIMA_VERSION_COMPAT}\n`, { mode: 0o444 });
      try {
        await rename(staging, dir);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new InstanceExistsError(name, dir);
        throw err;
      }
      this.logger.debug('created instance', { name, dir });
      return { instance: await inspectInstance(this.limaHome, name, this.inspectDeps()), warnings: issues };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /**
   * Lima's `delete`: a protected instance is refused; without `force` only a Stopped one is
   * deleted. With `force`, the instance is stopped the `stop -f` way (SIGKILL) first.
   */
  async delete(name: string, options: DeleteOptions = {}): Promise<void> {
    const inst = await this.inspect(name);
    if (inst.protected) {
      throw new InstanceStateError(`instance ${JSON.stringify(name)} is protected (hint: use \`limadesk unprotect ${name}\`)`);
    }
    if (!options.force && inst.status !== 'Stopped') {
      throw new InstanceStateError(`expected status "Stopped", got ${JSON.stringify(inst.status)} (maybe use --force?)`);
    }
    await forceStop(this.limaHome, inst.dir, inst.config, this.logger);
    await rm(inst.dir, { recursive: true, force: true });
    this.logger.debug('deleted instance', { name, dir: inst.dir });
  }

  async readConfigText(name: string): Promise<string> {
    return (await this.readConfig(name)).text;
  }

  /** lima.yaml with its modification time, so an editor can later tell whether someone else changed it. */
  async readConfig(name: string): Promise<{ text: string; mtime: number }> {
    const file = path.join(instanceDir(this.limaHome, name), LimaYAML);
    try {
      // Stat before reading: if the file changes in between, the older mtime makes the next save a conflict, never a silent overwrite.
      const { mtimeMs } = await stat(file);
      return { text: await readFile(file, 'utf8'), mtime: mtimeMs };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new InstanceNotFoundError(name);
      throw err;
    }
  }

  /**
   * Replaces lima.yaml with `text` (comments and layout kept, since the text is written as
   * given) after validating it; an invalid text is refused with its issues and the old file
   * stays as it was. Returns the warnings.
   */
  async writeConfigText(name: string, text: string): Promise<ConfigIssue[]> {
    return (await this.writeConfig(name, text)).warnings;
  }

  /**
   * As writeConfigText; with `expectedMtime`, a lima.yaml modified since that time is left
   * alone and ConfigConflictError carries what is on disk now.
   */
  async writeConfig(name: string, text: string, expectedMtime?: number): Promise<{ warnings: ConfigIssue[]; mtime: number }> {
    const dir = instanceDir(this.limaHome, name);
    const target = path.join(dir, LimaYAML);
    if (!(await pathExists(target))) throw new InstanceNotFoundError(name);
    const warnings = await this.validate({ file: target, text }, dir, target);
    if (expectedMtime !== undefined) {
      const current = await this.readConfig(name);
      if (current.mtime !== expectedMtime) throw new ConfigConflictError(name, current.text, current.mtime);
    }
    await writeFileAtomic(target, text, 0o644);
    return { warnings, mtime: (await stat(target)).mtimeMs };
  }

  /** Loads the source as lima.yaml of `dir`; throws ConfigInvalidError on errors, returns warnings. */
  private async validate(source: { file: string; text?: string }, dir: string, shownAs: string): Promise<ConfigIssue[]> {
    const file = source.file;
    const result = await this.load({ ...source, limaHome: this.limaHome, instanceDir: dir });
    const issues: ConfigIssue[] = result.issues.map((i) => ({ ...i, file: i.file === undefined || i.file === file ? shownAs : i.file }));
    // What start would refuse for driver reasons (vmType, QEMU's minimumVersion) is refused now.
    if (result.config) issues.push(...driverIssuesIn(result.config, source.text ?? (await readFile(file, 'utf8')), shownAs));
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) throw new ConfigInvalidError(errors);
    if (!result.config) throw new ConfigInvalidError([{ severity: 'error', field: '', message: 'cannot be loaded', file: shownAs }]);
    return issues.filter((i) => i.severity === 'warning');
  }

  private inspectDeps(): InspectDeps {
    // Without a loader of its own, inspection uses its default, which a listing shares across instances.
    return { ...(this.deps.loadConfig ? { loadConfig: this.deps.loadConfig } : {}), ...this.deps.inspect };
  }
}

