import { execFile } from 'node:child_process';
import { homedir, hostname } from 'node:os';
import type { ApiEventEnvelope, HostSettings, RemoteHello } from '../../../common/api';
import { silentLogger, type Logger } from '../../../common/logger';
import { makeHello } from './hello';
import { RemoteApi, RemoteProtocolError } from './remote-api';
import { localSessionUrl, remoteSessionPort } from './session-url';
import { remoteCommandLine, versionArgv, type HostKeyPolicy } from './ssh-argv';
import { SshLink, type SshExit } from './ssh-link';
import { classifySshExit, meaningfulLines, type HostFailure } from './ssh-problem';

/** A connection attempt that failed, with the kind of failure and what to do about it. */
export class HostConnectError extends Error implements HostFailure {
  constructor(
    readonly problem: HostFailure['problem'],
    message: string,
  ) {
    super(message);
    this.name = 'HostConnectError';
  }
}

export interface ConnectOptions {
  hostKeys: HostKeyPolicy;
  limadeskVersion: string;
  onEvent?: (event: ApiEventEnvelope) => void;
  logger?: Logger;
  /** How long the remote has to say hello (ssh's login included). */
  helloTimeoutMs?: number;
  homeDir?: string;
  ssh?: string;
  /** Gives up the attempt (the service is closing): ssh is ended at once. */
  signal?: AbortSignal;
}

/** One live connection to a host's `limadesk serve --stdio`. */
export interface HostConnection {
  settings: HostSettings;
  hello: RemoteHello;
  api: RemoteApi;
  /** What ssh said that is worth passing on (a host key it recorded). */
  notes: string[];
  /** Settles when the connection is gone, with why. */
  closed: Promise<HostFailure>;
  /** The remote's loopback session URL as one this machine's pages and programs can open. */
  localUrl(remoteUrl: string): Promise<string>;
  /** Called as each connection through a forwarded session URL opens and closes. */
  onSession(listener: (event: 'opened' | 'closed') => void): void;
  close(): Promise<void>;
}

const DEFAULT_HELLO_TIMEOUT_MS = 90_000;

/** What ssh prints when accept-new records a key, passed on to the user. */
function notesOf(stderr: string): string[] {
  return meaningfulLines(stderr).filter((l) => /^Warning: Permanently added /.test(l));
}

/** The version a remote CLI that cannot serve reports, or undefined. */
function remoteVersion(settings: HostSettings, options: ConnectOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(options.ssh ?? 'ssh', versionArgv(settings, options.homeDir ?? homedir()), { timeout: 20_000 }, (_err, stdout) => {
      resolve(/limadesk version (\S+)/.exec(stdout)?.[1]);
    });
  });
}

async function failureOf(exit: SshExit, settings: HostSettings, options: ConnectOptions): Promise<HostFailure> {
  if (exit.spawnError) {
    return exit.spawnError.code === 'ENOENT'
      ? { problem: 'ssh-missing', message: 'the ssh command was not found: install an OpenSSH client (Debian: apt-get install openssh-client)' }
      : { problem: 'failed', message: `cannot run ssh: ${exit.spawnError.message}` };
  }
  const failure = classifySshExit({ ...exit, destination: settings.destination, remoteCommand: remoteCommandLine(settings, []) });
  if (failure.problem === 'cli-too-old') {
    const version = await remoteVersion(settings, options);
    if (version) return { ...failure, message: `${failure.message} (it has Limadesk ${version}, this machine ${options.limadeskVersion})` };
  }
  return failure;
}

function dropOf(exit: SshExit, why: string): HostFailure {
  const said = meaningfulLines(exit.stderr).slice(-2).join(' / ');
  const how = exit.code !== null ? `ssh exit status ${exit.code}` : exit.signal ? `ssh ended by ${exit.signal}` : why;
  return { problem: 'dropped', message: `the connection dropped (${how}${said ? `: ${said}` : ''})` };
}

/**
 * Connects to a host: `ssh … limadesk serve --stdio`, then both hellos. Rejects with a
 * HostConnectError saying why when ssh fails (its words classified: host key, login, network,
 * missing or old CLI), the versions differ, or the remote does not answer in time.
 */
export async function connectHost(settings: HostSettings, options: ConnectOptions): Promise<HostConnection> {
  const logger = options.logger ?? silentLogger;
  const link = await SshLink.open({ settings, hostKeys: options.hostKeys, logger, ...(options.homeDir ? { homeDir: options.homeDir } : {}), ...(options.ssh ? { ssh: options.ssh } : {}) });
  const there = `host ${JSON.stringify(settings.name)}`;
  const api = new RemoteApi({ input: link.stdout, output: link.stdin, hello: makeHello(options.limadeskVersion, { hostname: hostname() }), there, onEvent: options.onEvent ?? (() => undefined), logger });

  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS;
  const outcome = await Promise.race([
    api.ready.then((hello) => ({ kind: 'hello' as const, hello }), (err: unknown) => ({ kind: 'refused' as const, err })),
    link.exited.then((exit) => ({ kind: 'exited' as const, exit })),
    new Promise<{ kind: 'timeout' }>((resolve) => (timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs))),
    new Promise<{ kind: 'aborted' }>((resolve) => {
      if (options.signal?.aborted) resolve({ kind: 'aborted' });
      options.signal?.addEventListener('abort', () => resolve({ kind: 'aborted' }), { once: true });
    }),
  ]);
  clearTimeout(timer);

  if (outcome.kind !== 'hello') {
    let failure: HostFailure;
    if (outcome.kind === 'refused' && outcome.err instanceof RemoteProtocolError && outcome.err.problem !== 'dropped') {
      failure = outcome.err;
    } else if (outcome.kind === 'aborted') {
      failure = { problem: 'failed', message: 'the connection attempt was given up' };
    } else if (outcome.kind === 'timeout') {
      const said = meaningfulLines(link.stderr).slice(-2).join(' / ');
      failure = { problem: 'network', message: `${there} (${settings.destination}) did not answer within ${Math.round(timeoutMs / 1000)} s${said ? `: ${said}` : ''}` };
    } else {
      // stdout ended: ssh is exiting, and its exit says why.
      failure = await failureOf(await link.exited, settings, options);
    }
    api.end(failure.message);
    await link.close();
    throw new HostConnectError(failure.problem, failure.message);
  }

  const sessionListeners: Array<(event: 'opened' | 'closed') => void> = [];
  const watched = new WeakSet<object>();
  // ssh's exit says most about a drop; when the session ended first, it follows within moments.
  const closed = Promise.race([
    api.ended.then((why) =>
      Promise.race([
        link.exited.then((exit) => dropOf(exit, why)),
        new Promise<HostFailure>((resolve) => setTimeout(() => resolve({ problem: 'dropped', message: `the connection dropped: ${why}` }), 5_000).unref()),
      ]),
    ),
    link.exited.then((exit) => dropOf(exit, 'ssh exited')),
  ]);
  return {
    settings,
    hello: outcome.hello,
    api,
    notes: notesOf(link.stderr),
    closed,
    async localUrl(remoteUrl) {
      const target = remoteSessionPort(remoteUrl);
      if ('problem' in target) throw new HostConnectError('failed', target.problem);
      const relay = await link.forward(target.port);
      if (!watched.has(relay)) {
        watched.add(relay);
        relay.onConnection((event) => {
          for (const listener of sessionListeners) listener(event);
        });
      }
      return localSessionUrl(remoteUrl, relay.port);
    },
    onSession: (listener) => void sessionListeners.push(listener),
    async close() {
      api.end('the connection was closed');
      await link.close();
    },
  };
}
