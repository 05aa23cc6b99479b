import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Logger } from '../../common/logger';
import type { ConfigIssue } from '../config/types';
import { applyYqExpressions } from '../config/yq/index';
import { parseDocument } from 'yaml';
import type { DiskImageTool } from '../driver/driver';
import { createDiskImageTool } from '../driver/registry';
import { cloneFile, type CloneMethod } from '../store/clone-file';
import {
  BaseDisk,
  DiffDisk,
  HostAgentStderrLog,
  HostAgentStdoutLog,
  Protected,
  SerialLog,
  SerialPCILog,
  SerialVirtioLog,
  SSHConfig,
  SSHSock,
  SwtpmDir,
  TmpFileSuffixes,
  VNCDisplayFile,
  VNCPasswordFile,
  VzIdentifier,
} from '../store/filenames';
import type { Instance } from '../store/instance';
import { instanceDir, validateSocketPathLength } from '../store/names';
import { pathExists } from '../store/path-exists';
import type { InstanceCatalog } from './catalog';
import { InstanceExistsError, InstanceStateError } from './errors';

/**
 * What a clone must not take over from its source: Lima's list (`protected`, the TPM state)
 * and temporary files (pid files, sockets), and also what ties a directory to the VM that
 * ran from it: its ssh.config (the host alias, control socket and port of the source), its
 * logs and the VNC display. The clone gets these anew when it first starts.
 */
const SKIP_ON_CLONE = new Set([Protected, SwtpmDir, SSHConfig, HostAgentStdoutLog, HostAgentStderrLog, SerialLog, SerialPCILog, SerialVirtioLog, VNCDisplayFile, VNCPasswordFile]);
/** Emptied rather than skipped, as Lima does: their presence means something to the driver. */
const NULLIFY_ON_CLONE = new Set([VzIdentifier]);

export function skippedOnClone(name: string): boolean {
  return SKIP_ON_CLONE.has(name) || TmpFileSuffixes.some((s) => name.endsWith(s)) || name.startsWith(`${SSHSock}.`);
}

export interface CloneProgress {
  doneBytes: number;
  totalBytes: number;
  /** The file being copied, relative to the instance directory. */
  file: string;
}

export interface CloneOptions {
  /** yq expressions for the clone's lima.yaml (Lima's `--set` and edit flags). */
  expressions?: readonly string[];
  onProgress?: (progress: CloneProgress) => void;
  signal?: AbortSignal;
  logger?: Logger;
  imageTool?: DiskImageTool;
}

export interface CloneResult {
  instance: Instance;
  /** `reflink` when every file was shared copy-on-write; `copy` when any was copied byte by byte. */
  method: CloneMethod;
  /** What was changed in the clone's lima.yaml so that it can run next to its source. */
  notes: string[];
  warnings: ConfigIssue[];
}

interface Plan {
  dirs: string[];
  files: Array<{ rel: string; size: number }>;
  links: Array<{ rel: string; target: string }>;
  empty: string[];
}

async function planCopy(root: string): Promise<Plan> {
  const plan: Plan = { dirs: [], files: [], links: [], empty: [] };
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(root, rel), { withFileTypes: true })) {
      if (skippedOnClone(entry.name)) continue;
      const child = rel ? path.join(rel, entry.name) : entry.name;
      if (NULLIFY_ON_CLONE.has(entry.name)) plan.empty.push(child);
      else if (entry.isDirectory()) {
        plan.dirs.push(child);
        await walk(child);
      } else if (entry.isSymbolicLink()) plan.links.push({ rel: child, target: await readlink(path.join(root, child)) });
      else if (entry.isFile()) plan.files.push({ rel: child, size: (await stat(path.join(root, child))).size });
      // Sockets and FIFOs belong to running processes: never copied.
    }
  };
  await walk('');
  return plan;
}

/**
 * The edits that give the clone an identity of its own in lima.yaml: a fixed SSH port would
 * clash with the source's, and fixed MAC addresses on shared networks would too. Without
 * them (the usual case) nothing is edited: the SSH port is picked at start and the MAC of
 * the user network derives from the instance directory.
 */
function identityEdits(text: string): { expressions: string[]; notes: string[] } {
  const raw = parseDocument(text).toJS() as { ssh?: { localPort?: unknown }; networks?: Array<{ macAddress?: unknown }> } | null;
  const expressions: string[] = [];
  const notes: string[] = [];
  if (typeof raw?.ssh?.localPort === 'number' && raw.ssh.localPort > 0) {
    expressions.push('.ssh.localPort = 0');
    notes.push(`ssh.localPort ${raw.ssh.localPort} of the source set to 0 (a free port is picked at start)`);
  }
  if (Array.isArray(raw?.networks) && raw.networks.some((n) => n?.macAddress)) {
    expressions.push('del(.networks[].macAddress)');
    notes.push('the fixed networks[].macAddress of the source removed (each instance gets its own)');
  }
  return { expressions, notes };
}

function checkNewName(catalog: InstanceCatalog, source: Instance, newName: string, verb: 'clone' | 'rename'): string {
  const dir = instanceDir(catalog.limaHome, newName);
  if (newName === source.name) throw new InstanceExistsError(newName, dir);
  validateSocketPathLength(newName, dir);
  if (source.status === 'Running' || source.hostAgentPID > 0 || source.driverPID > 0) {
    throw new InstanceStateError(`cannot ${verb} a running instance: stop ${JSON.stringify(source.name)} first (\`limadesk stop ${source.name}\`)`);
  }
  return dir;
}

/** A legacy `diffdisk` names its backing file by absolute path; the copy must name its own. */
async function repointLegacyBacking(dir: string, oldDir: string, finalDir: string, tool: DiskImageTool): Promise<void> {
  const diff = path.join(dir, DiffDisk);
  if (!(await pathExists(diff)) || (await lstat(diff)).isSymbolicLink()) return;
  const info = await tool.info(diff);
  if (!info.backingFilename || path.resolve(dir, info.backingFilename) !== path.join(oldDir, BaseDisk)) return;
  const base = await tool.info(path.join(dir, BaseDisk));
  await tool.setBackingFile(diff, path.join(finalDir, BaseDisk), base.format);
}

/**
 * `limactl clone OLD NEW`: the stopped instance's directory copied into a new one (disks
 * copy-on-write where the filesystem can), without what belongs to the source alone. The
 * copy is made in a hidden directory and renamed into place, so a failed clone leaves
 * nothing; `expressions` are applied and validated before it appears.
 */
export async function cloneInstance(catalog: InstanceCatalog, oldName: string, newName: string, options: CloneOptions = {}): Promise<CloneResult> {
  const logger = options.logger ?? silentLogger;
  const source = await catalog.inspect(oldName);
  const dir = checkNewName(catalog, source, newName, 'clone');
  if (await pathExists(dir)) throw new InstanceExistsError(newName, dir);

  const plan = await planCopy(source.dir);
  const totalBytes = plan.files.reduce((sum, f) => sum + f.size, 0);
  const staging = path.join(catalog.limaHome, `.tmp-clone-${newName}-${randomBytes(6).toString('hex')}`);
  await mkdir(staging, { mode: (await stat(source.dir)).mode & 0o7777 });
  let method: CloneMethod = 'reflink';
  let warnings: ConfigIssue[] = [];
  const notes: string[] = [];
  try {
    for (const rel of plan.dirs) await mkdir(path.join(staging, rel), { recursive: true, mode: (await stat(path.join(source.dir, rel))).mode & 0o7777 });
    let done = 0;
    for (const file of plan.files) {
      options.onProgress?.({ doneBytes: done, totalBytes, file: file.rel });
      const used = await cloneFile(path.join(source.dir, file.rel), path.join(staging, file.rel), {
        ...(options.signal ? { signal: options.signal } : {}),
        onBytes: (n) => options.onProgress?.({ doneBytes: done + n, totalBytes, file: file.rel }),
      });
      if (used === 'copy' && file.size > 0) method = 'copy';
      done += file.size;
    }
    for (const link of plan.links) await symlink(link.target, path.join(staging, link.rel));
    for (const rel of plan.empty) await writeFile(path.join(staging, rel), '', { mode: 0o644 });
    options.onProgress?.({ doneBytes: totalBytes, totalBytes, file: '' });
    await repointLegacyBacking(staging, source.dir, dir, options.imageTool ?? createDiskImageTool());

    const text = (await catalog.readConfig(oldName)).text;
    const identity = identityEdits(text);
    notes.push(...identity.notes);
    const edited = applyYqExpressions(text, [...identity.expressions, ...(options.expressions ?? [])]);
    try {
      await rename(staging, dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new InstanceExistsError(newName, dir);
      throw err;
    }
    if (edited.changed) {
      try {
        warnings = (await catalog.writeConfig(newName, edited.text)).warnings;
      } catch (err) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  logger.debug(`Cloned ${JSON.stringify(oldName)} to ${JSON.stringify(newName)}`, { method, bytes: totalBytes });
  return { instance: await catalog.inspect(newName), method, notes, warnings };
}
