import { lstat, mkdir, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../../../common/logger';
import type { GuestChannel } from '../../ssh/guest-connection';
import { relay } from './relay';

/** Opens a stream to the guest end of a forward for one host connection. */
export type OpenGuestChannel = (from: { address: string; port: number }) => Promise<GuestChannel>;

/** `127.0.0.1:8080` / `[::1]:8080` → host and port; a socket path is not one. */
export function splitHostPort(address: string): { host: string; port: number } {
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(address) ?? /^([^:]+):(\d+)$/.exec(address);
  if (!match) throw new Error(`not a host:port address: ${address}`);
  return { host: match[1]!, port: Number(match[2]) };
}

const BIND_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'cannot assign requested address',
};

/** The error as Go's net.Listen words it, since that is what Lima's logs show: `listen tcp 127.0.0.1:80: bind: permission denied`. */
function listenError(err: NodeJS.ErrnoException, network: 'tcp' | 'unix', address: string): Error {
  const reason = err.code && BIND_ERRORS[err.code] ? `bind: ${BIND_ERRORS[err.code]}` : err.message;
  return Object.assign(new Error(`listen ${network} ${address}: ${reason}`, { cause: err }), { code: err.code });
}

/** Removes a socket file left by an earlier run; anything else at the path is an error, not ours to delete. */
async function removeStaleSocket(socketPath: string): Promise<void> {
  const info = await lstat(socketPath).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (!info) return;
  if (!info.isSocket()) throw new Error(`${socketPath} exists and is not a socket`);
  await rm(socketPath, { force: true });
}

/**
 * A host-side listener of one forward: a TCP address or a unix socket path, bound exactly
 * where the rule says and nowhere else. Each connection gets its own stream to the guest.
 */
export class HostListener {
  private readonly connections = new Set<net.Socket>();

  private constructor(
    readonly address: string,
    private readonly server: net.Server,
    private readonly socketPath: string | undefined,
  ) {}

  static async listen(address: string, open: OpenGuestChannel, logger: Logger): Promise<HostListener> {
    const isSocket = address.startsWith('/');
    if (isSocket) {
      await mkdir(path.dirname(address), { recursive: true, mode: 0o750 });
      await removeStaleSocket(address);
    }
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    const listener = new HostListener(address, server, isSocket ? address : undefined);
    server.on('connection', (socket: net.Socket) => listener.accept(socket, open, logger));
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => reject(listenError(err, isSocket ? 'unix' : 'tcp', address));
      server.once('error', onError);
      const done = (): void => {
        server.off('error', onError);
        resolve();
      };
      if (isSocket) server.listen(address, done);
      else server.listen({ ...splitHostPort(address), exclusive: true }, done);
    });
    server.on('error', (err) => logger.warn('port forward listener failed', { address, error: err.message }));
    return listener;
  }

  private accept(socket: net.Socket, open: OpenGuestChannel, logger: Logger): void {
    this.connections.add(socket);
    socket.once('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.destroy());
    open({ address: socket.remoteAddress ?? '127.0.0.1', port: socket.remotePort ?? 0 }).then(
      (stream) => {
        if (socket.destroyed) {
          stream.destroy();
          return;
        }
        relay(socket, stream);
        socket.resume();
      },
      (err: Error) => {
        logger.debug('could not reach the guest end of a forward', { address: this.address, error: err.message });
        socket.destroy();
      },
    );
  }

  /** Stops listening, drops the connections still open and removes the socket file. */
  async close(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.socketPath) await rm(this.socketPath, { force: true }).catch(() => {});
  }
}
