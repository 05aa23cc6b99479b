import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP port in front of a unix socket (an SSH forward): what a browser or a VNC
 * viewer can connect to. Bytes are copied both ways untouched; either side closing closes the
 * other.
 */
export interface TcpRelay {
  port: number;
  /** Connections made through the relay so far. */
  readonly accepted: number;
  /** Called for each connection through the relay, as it opens and as it closes. */
  onConnection(listener: (event: 'opened' | 'closed') => void): void;
  close(): Promise<void>;
}

export async function startTcpRelay(socketPath: string): Promise<TcpRelay> {
  const open = new Set<Socket>();
  const listeners: Array<(event: 'opened' | 'closed') => void> = [];
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted++;
    for (const listener of listeners) listener('opened');
    const upstream = connect(socketPath);
    open.add(client);
    open.add(upstream);
    client.setNoDelay(true);
    const done = (): void => {
      client.destroy();
      upstream.destroy();
      if (open.delete(client)) for (const listener of listeners) listener('closed');
      open.delete(upstream);
    };
    client.on('error', done);
    upstream.on('error', done);
    client.on('close', done);
    upstream.on('close', done);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    onConnection: (listener) => void listeners.push(listener),
    close: async () => {
      for (const socket of open) socket.destroy();
      open.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
