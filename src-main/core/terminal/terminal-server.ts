import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { silentLogger, type Logger } from '../../common/logger';
import { admitSession, type SessionUrlRules } from '../loopback-ws/admit-session';
import { refuseUpgrade } from '../loopback-ws/refuse-upgrade';
import { LOOPBACK_HOST, LoopbackUpgradeServer } from '../loopback-ws/upgrade-server';
import { connectSsh } from '../ssh/connect';
import type { SshTarget } from '../ssh/target';
import { SESSION_TOKEN_TTL_MS, SessionTokens, tokenPrefix } from '../vnc/session-tokens';
import type { TerminalSize } from './resize-message';
import { bridgeWebSocketToSsh, CLOSE_SERVER_ERROR, closeReason } from './ssh-ws-bridge';

export const TERMINAL_PATH_PREFIX = '/terminal/';
const TERMINAL_SESSION_URLS: SessionUrlRules = { pathPrefix: TERMINAL_PATH_PREFIX, kind: 'terminal' };
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

/**
 * The loopback WebSocket server behind the Terminal tab: each one-use URL becomes an SSH
 * connection to the instance with a PTY and a login shell. It listens only once the first
 * session is asked for. Who may connect is decided as for the console proxy (admitSession):
 * loopback peers only, a browser's Origin must be one of the app's pages, the token decides the rest.
 */
export class TerminalServer {
  private readonly logger: Logger;
  private readonly tokens: SessionTokens<TerminalTarget>;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly server: LoopbackUpgradeServer;

  constructor(private readonly options: TerminalServerOptions) {
    this.logger = options.logger ?? silentLogger;
    this.tokens = new SessionTokens(options.now, options.tokenTtlMs ?? SESSION_TOKEN_TTL_MS);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
    this.server = new LoopbackUpgradeServer({
      notWebSocketMessage: 'terminal sessions are WebSocket connections',
      onUpgrade: (req, socket, head) => this.onUpgrade(req, socket, head),
    });
  }

  async openSession(target: TerminalTarget): Promise<string> {
    const port = await this.server.listen();
    const token = this.tokens.issue(target);
    this.logger.info('terminal session issued', { instance: target.instance, token: tokenPrefix(token) });
    return `ws://${LOOPBACK_HOST}:${port}${TERMINAL_PATH_PREFIX}${token}`;
  }

  get activeSessions(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    this.tokens.clear();
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    await this.server.close();
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const admission = admitSession(req, this.tokens, this.options.allowedOrigins(), TERMINAL_SESSION_URLS);
    if (!admission.ok) {
      this.logger.warn('terminal connection refused', { status: admission.status, reason: admission.reason, origin: req.headers.origin ?? null });
      refuseUpgrade(socket, admission.status, admission.reason);
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
