import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { INSTANCE_NAME_PATTERN } from '../../common/instance-name';
import { openSftp, type Sftp } from '../ssh/sftp';
import { InstanceStateError } from './errors';
import { connectToInstance, runningInstance } from './instance-ssh';

/** One side of a copy: a host path, or `NAME:PATH` in an instance (relative to the guest user's home). */
export interface CopyEndpoint {
  instance?: string;
  path: string;
}

/** `NAME:PATH` is in the instance NAME; anything else is a host path (write `./a:b` for a host file named `a:b`). */
export function parseCopyEndpoint(arg: string): CopyEndpoint {
  const colon = arg.indexOf(':');
  if (colon > 0) {
    const name = arg.slice(0, colon);
    if (INSTANCE_NAME_PATTERN.test(name)) return { instance: name, path: arg.slice(colon + 1) };
  }
  return { path: arg };
}

export interface CopyProgress {
  /** The file being copied (as given or found under a copied directory). */
  file: string;
  fileBytes: number;
  fileTotal: number;
  /** Files finished so far. */
  filesDone: number;
}

export interface CopyOptions {
  recursive?: boolean;
  onProgress?: (progress: CopyProgress) => void;
  /** Host paths are resolved against this (default: this process's cwd). */
  cwd?: string;
}

export interface CopyResult {
  files: number;
  bytes: number;
}

class CopyError extends InstanceStateError {}

/**
 * `limactl copy SOURCE… TARGET` between the host and one running instance, over its SSH
 * connection (SFTP, which OpenSSH's sshd serves). Either side may be `NAME:PATH`; several
 * sources need a directory as target; directories need `recursive`. A file that fails
 * half-way is removed rather than left truncated.
 */
export async function copyFiles(limaHome: string, sources: ReadonlyArray<string | CopyEndpoint>, target: string | CopyEndpoint, options: CopyOptions = {}): Promise<CopyResult> {
  if (sources.length === 0) throw new CopyError('nothing to copy: give at least one source and a target');
  const endpoint = (e: string | CopyEndpoint): CopyEndpoint => (typeof e === 'string' ? parseCopyEndpoint(e) : e);
  const from = sources.map(endpoint);
  const to = endpoint(target);
  const remote = [...from, to].filter((e) => e.instance !== undefined);
  if (remote.length === 0) throw new CopyError('neither side names an instance: write the guest side as NAME:PATH (use cp for host-to-host copies)');
  const names = new Set(remote.map((e) => e.instance!));
  if (names.size > 1) throw new CopyError(`a copy goes between the host and one instance; ${[...names].map((n) => JSON.stringify(n)).join(' and ')} are both named`);
  const upload = to.instance !== undefined;
  if (upload ? from.some((e) => e.instance !== undefined) : from.some((e) => e.instance === undefined)) {
    throw new CopyError('all sources must be on one side (the host, or NAME:PATH) and the target on the other');
  }
  const name = [...names][0]!;
  const inst = await runningInstance(limaHome, name, 'copying goes over its SSH server');
  const client = await connectToInstance(limaHome, inst);
  try {
    const sftp = await openSftp(client);
    const copier = new Copier(sftp, name, options);
    const home = await sftp.realpath('.');
    const guest = (p: string): string => (p === '~' || p === '' ? home : p.startsWith('~/') ? path.posix.join(home, p.slice(2)) : path.posix.resolve(home, p));
    const host = (p: string): string => path.resolve(options.cwd ?? process.cwd(), p);
    if (upload) await copier.upload(from.map((e) => host(e.path)), guest(to.path));
    else await copier.download(from.map((e) => guest(e.path)), host(to.path));
    sftp.end();
    return copier.result;
  } finally {
    client.end();
  }
}

class Copier {
  readonly result: CopyResult = { files: 0, bytes: 0 };

  constructor(private readonly sftp: Sftp, private readonly instance: string, private readonly options: CopyOptions) {}

  private progress(file: string, done: number, total: number): void {
    this.options.onProgress?.({ file, fileBytes: done, fileTotal: total, filesDone: this.result.files });
  }

  async upload(sources: string[], target: string): Promise<void> {
    const existing = await this.sftp.statIfExists(target);
    if (sources.length > 1 && !existing?.isDirectory) throw new CopyError(`${this.instance}:${target} is not a directory (several sources need one as target)`);
    for (const source of sources) {
      const dest = existing?.isDirectory ? path.posix.join(target, path.basename(source)) : target;
      await this.uploadOne(source, dest);
    }
  }

  private async uploadOne(source: string, dest: string): Promise<void> {
    const info = await lstat(source).catch((err: NodeJS.ErrnoException) => {
      throw new CopyError(err.code === 'ENOENT' ? `${source}: no such file or directory` : `${source}: ${err.message}`);
    });
    if (info.isDirectory()) {
      if (!this.options.recursive) throw new CopyError(`${source} is a directory (copy directories with -r)`);
      const there = await this.sftp.statIfExists(dest);
      if (!there) await this.sftp.mkdir(dest, info.mode & 0o7777);
      else if (!there.isDirectory) throw new CopyError(`${this.instance}:${dest} exists and is not a directory`);
      for (const entry of (await readdir(source)).sort()) await this.uploadOne(path.join(source, entry), path.posix.join(dest, entry));
      return;
    }
    if (!info.isFile()) throw new CopyError(`${source} is not a regular file or directory`);
    this.progress(source, 0, info.size);
    try {
      await this.sftp.upload(source, dest, { mode: info.mode & 0o7777, onBytes: (done, total) => this.progress(source, done, total) });
    } catch (err) {
      await this.sftp.unlink(dest).catch(() => undefined);
      throw err;
    }
    this.result.files++;
    this.result.bytes += info.size;
    this.progress(source, info.size, info.size);
  }

  async download(sources: string[], target: string): Promise<void> {
    const existing = await lstat(target).catch(() => undefined);
    if (sources.length > 1 && !existing?.isDirectory()) throw new CopyError(`${target} is not a directory (several sources need one as target)`);
    for (const source of sources) {
      const dest = existing?.isDirectory() ? path.join(target, path.posix.basename(source)) : target;
      await this.downloadOne(source, dest);
    }
  }

  private async downloadOne(source: string, dest: string): Promise<void> {
    const info = await this.sftp.stat(source).catch((err: Error) => {
      throw new CopyError(`${this.instance}:${err.message.replace(/^stat /, '')}`);
    });
    if (info.isDirectory) {
      if (!this.options.recursive) throw new CopyError(`${this.instance}:${source} is a directory (copy directories with -r)`);
      await mkdir(dest, { recursive: true, mode: info.mode });
      for (const entry of await this.sftp.readdir(source)) await this.downloadOne(path.posix.join(source, entry), path.join(dest, entry));
      return;
    }
    if (!info.isFile) throw new CopyError(`${this.instance}:${source} is not a regular file or directory`);
    this.progress(source, 0, info.size);
    try {
      await this.sftp.download(source, dest, { onBytes: (done, total) => this.progress(source, done, total) });
    } catch (err) {
      await rm(dest, { force: true });
      throw err;
    }
    this.result.files++;
    this.result.bytes += info.size;
    this.progress(source, info.size, info.size);
  }
}
