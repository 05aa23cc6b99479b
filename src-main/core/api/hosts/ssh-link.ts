import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { HostSettings } from '../../../common/api';
import { silentLogger, type Logger } from '../../../common/logger';
import { forwardArgv, serveArgv, type HostKeyPolicy } from './ssh-argv';
import { startTcpRelay, type TcpRelay } from './tcp-relay';

/** How ssh ended: its exit, and the tail of what it (and the remote command) wrote to stderr. */
export interface SshExit {
  code: number | null;
  signal: string | null;
  stderr: string;
  /** ssh itself could not be started (ENOENT: no OpenSSH client). */
  spawnError?: NodeJS.ErrnoException;
}

export interface SshLinkOptions {
  settings: HostSettings;
  hostKeys: HostKeyPolicy;
  logger?: Logger;
  homeDir?: string;
  /** The ssh program; `ssh` from PATH. */
  ssh?: string;
}

const STDERR_KEPT = 16 * 1024;

/**
 * One `ssh … limadesk serve --stdio` process: its stdin and stdout carry the API, and it is the
 * master of a control socket in a private directory (0700, removed on close), through which
 * console and terminal sessions get their forwards over the same connection.
 */
export class SshLink {
  readonly exited: Promise<SshExit>;
  private stderrTail = '';
  private readonly forwards = new Map<number, Promise<TcpRelay>>();
  private readonly logger: Logger;
  private readonly homeDir: string;
  private exit: SshExit | undefined;

  private constructor(
    private readonly options: SshLinkOptions,
    private readonly dir: string,
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.homeDir = options.homeDir ?? homedir();
    this.exited = new Promise((resolve) => {
      child.once('error', (err: NodeJS.ErrnoException) => {
        this.exit ??= { code: null, signal: null, stderr: this.stderrTail, spawnError: err };
        resolve(this.exit);
      });
      child.once('close', (code, signal) => {
        this.exit ??= { code, signal, stderr: this.stderrTail };
        resolve(this.exit);
      });
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_KEPT);
      for (const line of text.split('\n')) if (line.trim()) this.logger.debug(`[${options.settings.name}] ${line.trimEnd()}`);
    });
    // A write after ssh died fails with EPIPE; the API client sees the end on stdout.
    child.stdin.on('error', () => undefined);
  }

  static async open(options: SshLinkOptions): Promise<SshLink> {
    const dir = await mkdtemp(path.join(tmpdir(), 'ld-ssh-'));
    const argv = serveArgv(options.settings, { hostKeys: options.hostKeys, controlPath: path.join(dir, 'cm'), homeDir: options.homeDir ?? homedir() });
    const child = spawn(options.ssh ?? 'ssh', argv, { stdio: ['pipe', 'pipe', 'pipe'] });
    return new SshLink(options, dir, child);
  }

  get stdin(): Writable {
    return this.child.stdin;
  }

  get stdout(): Readable {
    return this.child.stdout;
  }

  /** What ssh and the remote wrote to stderr so far (the last 16 KiB). */
  get stderr(): string {
    return this.stderrTail;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * A loopback port of this machine that reaches the remote's 127.0.0.1:`remotePort` through
   * this connection; one per remote port, kept while the connection lasts.
   */
  forward(remotePort: number): Promise<TcpRelay> {
    let relay = this.forwards.get(remotePort);
    if (!relay) {
      relay = this.openForward(remotePort);
      this.forwards.set(remotePort, relay);
      // A failed forward is tried again by the next session.
      relay.catch(() => this.forwards.delete(remotePort));
    }
    return relay;
  }

  private async openForward(remotePort: number): Promise<TcpRelay> {
    if (this.exit) throw new Error('the SSH connection is closed');
    const localSocket = path.join(this.dir, `fwd-${remotePort}`);
    const argv = forwardArgv(this.options.settings, { controlPath: path.join(this.dir, 'cm'), localSocket, remotePort, homeDir: this.homeDir });
    await new Promise<void>((resolve, reject) => {
      execFile(this.options.ssh ?? 'ssh', argv, { timeout: 20_000 }, (err, _stdout, stderr) => {
        if (err) reject(new Error(`ssh could not forward the remote port ${remotePort} over the connection to ${JSON.stringify(this.options.settings.destination)}: ${stderr.trim() || err.message}`));
        else resolve();
      });
    });
    return startTcpRelay(localSocket);
  }

  /** Ends the connection (and with it every forward) and removes the private directory. */
  async close(): Promise<void> {
    if (!this.exit) {
      this.child.stdin.end();
      this.child.kill('SIGTERM');
      const killer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await this.exited;
      clearTimeout(killer);
    }
    const relays = await Promise.allSettled([...this.forwards.values()]);
    this.forwards.clear();
    await Promise.all(relays.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)));
    await rm(this.dir, { recursive: true, force: true });
  }
}
