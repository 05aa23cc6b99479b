import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export const LOOPBACK_HOST = '127.0.0.1';

export interface UpgradeServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** What a plain HTTP request is told: the only thing served here is WebSocket upgrades. */
  notWebSocketMessage: string;
  onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  onListening?: (port: number) => void;
}

/**
 * An HTTP server on 127.0.0.1 that only takes WebSocket upgrades, and listens only once
 * the first session asks for its port: an app that never opens a session holds no port.
 */
export class LoopbackUpgradeServer {
  private listening: Promise<number> | undefined;
  private server: Server | undefined;

  constructor(private readonly options: UpgradeServerOptions) {}

  /** The port, listening first if need be; a failed listen is retried by the next call. */
  listen(): Promise<number> {
    this.listening ??= new Promise<number>((resolve, reject) => {
      const server = createServer((_req, res) => {
        res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', connection: 'close', upgrade: 'websocket' });
        res.end(`${this.options.notWebSocketMessage}\n`);
      });
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.options.onUpgrade(req, socket, head));
      server.once('error', (err) => {
        this.listening = undefined;
        reject(err);
      });
      server.listen(this.options.port ?? 0, LOOPBACK_HOST, () => {
        this.server = server;
        const port = (server.address() as AddressInfo).port;
        this.options.onListening?.(port);
        resolve(port);
      });
    });
    return this.listening;
  }

  /** Stops listening; the sessions already upgraded are their owner's to end. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.listening = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
