import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import type { Logger } from '../../../common/logger';
import type { GuestChannel, GuestConnection } from '../../ssh/guest-connection';
import { shellWord } from '../../ssh/guest-connection';
import { mountedType } from './proc-mounts';

/** One reverse-sshfs mount, its defaults filled by the config loader. */
export interface ReverseSshfsSpec {
  /** The host directory, absolute. */
  location: string;
  /** Where it appears in the guest, absolute. */
  mountPoint: string;
  writable: boolean;
  cache: boolean;
  followSymlinks: boolean;
}

/** Lima's sshfs options: allow_other (FUSE's user_allow_other, set by the boot scripts), cache and symlinks as configured. */
export function sshfsOptions(spec: ReverseSshfsSpec): string {
  let options = 'allow_other';
  if (!spec.cache) options += ',cache=no';
  if (spec.followSymlinks) options += ',follow_symlinks';
  return options;
}

/**
 * The guest side: sshfs speaking SFTP over its own stdin/stdout (`-o slave`), which is the SSH
 * channel whose other end is the host's sftp-server.
 */
export function sshfsCommand(spec: ReverseSshfsSpec, extraOptions: readonly string[] = []): string {
  const argv = ['sshfs', `:${spec.location}`, spec.mountPoint, '-o', 'slave'];
  if (!spec.writable) argv.push('-o', 'ro');
  argv.push('-o', sshfsOptions(spec));
  for (const option of extraOptions) argv.push('-o', option);
  return argv.map(shellWord).join(' ');
}

/** The host side: OpenSSH's sftp-server logging to stderr, started in the directory, read-only unless writable. */
export function sftpServerArgs(spec: ReverseSshfsSpec): string[] {
  // -d expands %-sequences; a literal % must be doubled.
  const args = ['-e', '-d', spec.location.replace(/%/g, '%%')];
  if (!spec.writable) args.push('-R');
  return args;
}

export class MountError extends Error {}

export interface ReverseSshfsDeps {
  /** OpenSSH's sftp-server on the host (see sftp-server.ts). */
  sftpServer: string;
  logger: Logger;
  /** How often, and how long, to look for the mount in the guest (Lima: every second, 30 times). */
  pollIntervalMs?: number;
  readyTimeoutMs?: number;
}

interface Running {
  channel: GuestChannel;
  server: ChildProcess;
}

const sleep = (ms: number): Promise<'tick'> => new Promise((resolve) => setTimeout(() => resolve('tick'), ms).unref());

/**
 * A host directory mounted in the guest over the instance's SSH connection, as Lima's
 * reverse-sshfs does: the host runs sftp-server, the guest runs `sshfs -o slave`, and the
 * host agent joins the two through an exec channel. `mount` resolves once the guest's mount
 * table shows the mount; it rejects with a MountError saying why it did not come.
 */
export class ReverseSshfsMount {
  private running: Running | undefined;

  constructor(readonly spec: ReverseSshfsSpec, private readonly deps: ReverseSshfsDeps) {}

  async mount(connection: GuestConnection): Promise<void> {
    const { location, mountPoint } = this.spec;
    this.deps.logger.info(`Mounting "${location}" on "${mountPoint}"`);
    try {
      await mkdir(location, { recursive: true, mode: 0o755 });
    } catch (err) {
      throw new MountError(`failed to prepare reverse sshfs for "${location}" on "${mountPoint}": ${(err as Error).message}`, { cause: err });
    }
    const prepared = await connection.run(['mkdir', '-p', mountPoint]);
    if (prepared.code !== 0) {
      throw new MountError(`failed to prepare reverse sshfs for "${location}" on "${mountPoint}": ${prepared.stderr.trim() || `mkdir exited with ${String(prepared.code)}`}`);
    }
    const first = await this.attempt(connection, []);
    if (first === undefined) return;
    // libfuse 2 refuses a mount point that has files in it unless told `nonempty` (libfuse 3 has no such check).
    if (/nonempty/.test(first)) {
      this.deps.logger.warn(`failed to mount reverse sshfs for "${location}" on "${mountPoint}", retrying with \`-o nonempty\``, { error: first });
      const second = await this.attempt(connection, ['nonempty']);
      if (second === undefined) return;
      throw new MountError(`failed to mount reverse sshfs for "${location}" on "${mountPoint}": ${second}`);
    }
    throw new MountError(`failed to mount reverse sshfs for "${location}" on "${mountPoint}": ${first}`);
  }

  /** Ends sshfs (its channel closes, so it reads EOF, unmounts and exits) and the sftp-server. */
  async unmount(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    this.deps.logger.info(`Unmounting "${this.spec.location}"`);
    running.channel.close?.();
    running.channel.destroy();
    await stopProcess(running.server);
  }

  /** One try; undefined when mounted, else why not. */
  private async attempt(connection: GuestConnection, extraOptions: readonly string[]): Promise<string | undefined> {
    const { logger } = this.deps;
    const server = spawn(this.deps.sftpServer, sftpServerArgs(this.spec), { stdio: ['pipe', 'pipe', 'pipe'] });
    const serverEnded = new Promise<string>((resolve) => {
      server.once('error', (err) => resolve(`cannot run ${this.deps.sftpServer}: ${err.message}`));
      server.once('exit', (code, signal) => resolve(`${this.deps.sftpServer} exited (${signal ? `signal ${signal}` : `code ${String(code)}`})`));
    });
    server.stderr?.on('data', (d: Buffer) => logger.debug('sftp-server', { mountPoint: this.spec.mountPoint, output: d.toString('utf8').trim() }));
    let channel: Awaited<ReturnType<GuestConnection['exec']>>;
    try {
      channel = await connection.exec(sshfsCommand(this.spec, extraOptions));
    } catch (err) {
      await stopProcess(server);
      return `cannot start sshfs in the guest: ${(err as Error).message}`;
    }
    let stderr = '';
    channel.stderr.on('data', (d: Buffer) => {
      const text = d.toString('utf8');
      stderr = (stderr + text).slice(-4096);
      for (const line of text.split('\n').filter((l) => l.trim())) logger.info('sshfs', { mountPoint: this.spec.mountPoint, output: line.trim() });
    });
    // sshfs may daemonize: an exit code 0 is not the end; the channel closing is.
    const sshfsEnded = new Promise<string>((resolve) => {
      let code: number | null = null;
      channel.on('exit', (exitCode: number | null) => {
        code = exitCode;
        if (exitCode !== 0) resolve(`sshfs exited with code ${String(exitCode)}`);
      });
      channel.once('close', () => resolve(`sshfs ended (exit code ${String(code)})`));
    });
    server.stdout?.pipe(channel);
    channel.pipe(server.stdin!);
    server.stdin?.on('error', () => {});
    channel.on('error', () => {});

    const running = { channel, server };
    const failed = async (why: string): Promise<string> => {
      channel.close?.();
      channel.destroy();
      await stopProcess(server);
      const said = stderr.trim().split('\n').filter(Boolean).join('; ');
      return said ? `${said} (${why})` : why;
    };
    const interval = this.deps.pollIntervalMs ?? 1000;
    const deadline = Date.now() + (this.deps.readyTimeoutMs ?? 30_000);
    for (;;) {
      const mounts = await connection.run(['cat', '/proc/mounts']).catch((err: Error) => ({ code: null, stdout: '', stderr: err.message }));
      if (mountedType(mounts.stdout, this.spec.mountPoint)?.startsWith('fuse.sshfs')) {
        this.running = running;
        return undefined;
      }
      if (Date.now() > deadline) return failed(`sshfs does not seem to be mounted on "${this.spec.mountPoint}"`);
      const next = await Promise.race([sleep(interval), sshfsEnded, serverEnded]);
      if (next !== 'tick') return failed(next);
    }
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(3000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
