import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { silentLogger, type Logger } from '../../common/logger';
import { connectSsh } from '../ssh/connect';
import type { SshTarget } from '../ssh/target';
import { isLoopbackAddress } from '../vnc/admission';
import { SESSION_TOKEN_TTL_MS, SessionTokens, tokenPrefix } from '../vnc/session-tokens';
import type { TerminalSize } from './resize-message';
import { bridgeWebSocketToSsh, CLOSE_SERVER_ERROR, closeReason } from './ssh-ws-bridge';

export const TERMINAL_PATH_PREFIX = '/terminal/';
const LISTEN_HOST = '127.0.0.1';
/** Keystrokes and pasted text; a paste larger than this is refused by ws. */
const MAX_CLIENT_MESSAGE_BYTES = 4 * 1024 * 1024;

/** What one terminal URL grants: a login shell of this size on this SSH target. */
export interface TerminalTarget {
  instance: string;
  ssh: SshTarget;
  size: TerminalSize;
}

export interface TerminalServerOptions {
  /** Origins of pages allowed to connect; asked per connection (the page's port may come later). */
  allowedOrigins: () => readonly string[];
  logger?: Logger;
  now?: () => number;
  tokenTtlMs?: number;
  sshTimeoutMs?: number;
}

type Admission = { ok: true; target: TerminalTarget; token: string } | { ok: false; status: number; reason: string };

function refuse(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.once('finish', () => socket.destroy());
}

/**
 * The loopback WebSocket server behind the Terminal tab: each one-use URL becomes an SSH
 * connection to the instance with a PTY and a login shell. It listens only once the first
 * session is asked for. The rules for who may connect are the console proxy's: loopback peers
 * only, a browser's Origin must be one of the app's pages, the token decides the rest.
 */
export class TerminalServer {
  private readonly logger: Logger;
  private readonly tokens: SessionTokens<TerminalTarget>;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private listening: Promise<number> | undefined;
  private server: Server | undefined;

  constructor(private readonly options: TerminalServerOptions) {
    this.logger = options.logger ?? silentLogger;
    this.tokens = new SessionTokens(options.now, options.tokenTtlMs ?? SESSION_TOKEN_TTL_MS);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  }

  async openSession(target: TerminalTarget): Promise<string> {
    const port = await this.listen();
    const token = this.tokens.issue(target);
    this.logger.info('terminal session issued', { instance: target.instance, token: tokenPrefix(token) });
    return `ws://${LISTEN_HOST}:${port}${TERMINAL_PATH_PREFIX}${token}`;
  }

  get activeSessions(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    this.tokens.clear();
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    this.listening = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private listen(): Promise<number> {
    this.listening ??= new Promise<number>((resolve, reject) => {
      const server = createServer((_req, res) => {
        res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', connection: 'close', upgrade: 'websocket' });
        res.end('terminal sessions are WebSocket connections\n');
      });
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
      server.once('error', (err) => {
        this.listening = undefined;
        reject(err);
      });
      server.listen(0, LISTEN_HOST, () => {
        this.server = server;
        resolve((server.address() as AddressInfo).port);
      });
    });
    return this.listening;
  }

  /** Cheap checks first, so a request from a wrong page does not use up the real page's token. */
  private admit(req: IncomingMessage): Admission {
    if (!isLoopbackAddress(req.socket.remoteAddress)) return { ok: false, status: 403, reason: 'terminal sessions are for this machine only' };
    const origin = req.headers.origin;
    if (origin !== undefined && !this.options.allowedOrigins().includes(origin)) {
      return { ok: false, status: 403, reason: 'this page may not open terminal sessions' };
    }
    const pathname = (req.url ?? '').split('?')[0] ?? '';
    if (!pathname.startsWith(TERMINAL_PATH_PREFIX)) return { ok: false, status: 404, reason: 'not a terminal session URL' };
    const token = pathname.slice(TERMINAL_PATH_PREFIX.length);
    const target = token ? this.tokens.redeem(token) : undefined;
    if (!target) return { ok: false, status: 401, reason: 'unknown, used or expired terminal session token' };
    return { ok: true, target, token };
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const admission = this.admit(req);
    if (!admission.ok) {
      this.logger.warn('terminal connection refused', { status: admission.status, reason: admission.reason, origin: req.headers.origin ?? null });
      refuse(socket, admission.status, admission.reason);
      return;
    }
    const { target } = admission;
    const session = tokenPrefix(admission.token);
    // The WebSocket is accepted before SSH connects so that an SSH failure reaches the page
    // as a close reason it can show, rather than as a bare failed handshake.
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.pause();
      this.sockets.add(ws);
      ws.once('close', () => this.sockets.delete(ws));
      void this.startSession(ws, target, session);
    });
  }

  private async startSession(ws: WebSocket, target: TerminalTarget, session: string): Promise<void> {
    let client;
    try {
      client = await connectSsh(target.ssh, { timeoutMs: this.options.sshTimeoutMs ?? 20_000 });
    } catch (err) {
      const message = (err as Error).message;
      this.logger.warn('terminal session could not reach SSH', { instance: target.instance, session, error: message });
      if (ws.readyState === ws.OPEN) {
        ws.resume();
        ws.close(CLOSE_SERVER_ERROR, closeReason(message));
      }
      return;
    }
    if (ws.readyState !== ws.OPEN) {
      client.end();
      return;
    }
    this.logger.info('terminal session opened', { instance: target.instance, session });
    await bridgeWebSocketToSsh(ws, client, {
      size: target.size,
      onEnd: (reason) => this.logger.info('terminal session ended', { instance: target.instance, session, reason }),
    });
  }
}
