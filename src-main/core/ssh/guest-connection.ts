import type { Duplex } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';

/** A stream to something in the guest over SSH (an ssh2 channel). `close()` sends the channel's close. */
export interface GuestChannel extends Duplex {
  close?(): void;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * What the host agent does over its one SSH connection to the guest: open streams to guest
 * TCP ports and unix sockets (OpenSSH's direct-tcpip and direct-streamlocal), have the guest's
 * sshd listen on a unix socket for the host (streamlocal-forward), and run commands.
 */
export interface GuestConnection {
  openTcp(host: string, port: number, from: { address: string; port: number }): Promise<GuestChannel>;
  openUnix(socketPath: string): Promise<GuestChannel>;
  /** Makes the guest's sshd listen on `socketPath`; each connection there is handed to `onConnection`. */
  listenUnix(socketPath: string, onConnection: (channel: GuestChannel) => void): Promise<void>;
  unlistenUnix(socketPath: string): Promise<void>;
  /** Runs a command (argv, quoted for the guest's shell) to its end. */
  run(argv: readonly string[]): Promise<RunResult>;
  /** Starts a command and returns its channel (stderr apart), for output that keeps coming. */
  exec(command: string): Promise<GuestChannel & { stderr: NodeJS.ReadableStream }>;
  /** Resolves when the connection has ended, for whatever reason. */
  readonly ended: Promise<void>;
  end(): void;
}

/** One word for the guest's POSIX shell (sshd hands the command to the user's shell). */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function channelOf<T>(start: (cb: (err: Error | undefined, channel: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    try {
      start((err, channel) => (err ? reject(err) : resolve(channel)));
    } catch (err) {
      // ssh2 throws "Not connected" synchronously once the socket is gone.
      reject(err as Error);
    }
  });
}

/** The GuestConnection of an authenticated ssh2 client (see connectSsh). */
export function guestConnection(client: Client): GuestConnection {
  const unixHandlers = new Map<string, (channel: GuestChannel) => void>();
  client.on('unix connection', (info, accept, reject) => {
    const handler = unixHandlers.get(info.socketPath);
    if (handler) handler(accept());
    else reject();
  });
  const ended = new Promise<void>((resolve) => {
    client.once('close', () => resolve());
    client.once('end', () => resolve());
  });
  const exec = (command: string): Promise<ClientChannel> => channelOf<ClientChannel>((cb) => client.exec(command, cb));
  return {
    openTcp: (host, port, from) => channelOf((cb) => client.forwardOut(from.address, from.port, host, port, cb)),
    openUnix: (socketPath) => channelOf((cb) => client.openssh_forwardOutStreamLocal(socketPath, cb)),
    listenUnix: (socketPath, onConnection) =>
      new Promise<void>((resolve, reject) => {
        unixHandlers.set(socketPath, onConnection);
        try {
          client.openssh_forwardInStreamLocal(socketPath, (err) => {
            if (err) {
              unixHandlers.delete(socketPath);
              reject(err);
            } else resolve();
          });
        } catch (err) {
          unixHandlers.delete(socketPath);
          reject(err as Error);
        }
      }),
    unlistenUnix: (socketPath) =>
      new Promise<void>((resolve, reject) => {
        unixHandlers.delete(socketPath);
        try {
          client.openssh_unforwardInStreamLocal(socketPath, (err) => (err ? reject(err) : resolve()));
        } catch (err) {
          reject(err as Error);
        }
      }),
    run: async (argv) => {
      const channel = await exec(argv.map(shellWord).join(' '));
      return new Promise<RunResult>((resolve) => {
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        channel.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        channel.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        channel.on('exit', (exitCode: number | null) => (code = exitCode));
        channel.on('close', () => resolve({ code, stdout, stderr }));
      });
    },
    exec,
    ended,
    end: () => client.end(),
  };
}
