import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import type { Disposable } from '../../common/disposable';
import { silentLogger, type Logger } from '../../common/logger';
import { admitSession, type SessionUrlRules } from './admit-session';
import { refuseUpgrade } from './refuse-upgrade';
import { SESSION_TOKEN_TTL_MS, SessionTokens, tokenPrefix } from './session-tokens';
import { LOOPBACK_HOST, LoopbackUpgradeServer } from './upgrade-server';

/** What a session server grants per URL: at least the instance, for log lines. */
export interface SessionTarget {
  instance: string;
}

/** One admitted upgrade request, handed to the server's owner to carry out. */
export interface AdmittedSession<T extends SessionTarget> {
  target: T;
  /** A short, harmless label of the session's token for log lines. */
  label: string;
  /** The raw connection, before it becomes a WebSocket: its 'close' means the page gave up. */
  socket: Duplex;
  /**
   * Completes the WebSocket handshake; the socket is then tracked and ended by `dispose`.
   * `onOpen` runs synchronously inside the handshake, so its listeners are in place before
   * ws delivers the first frame (a client may send one together with its upgrade request,
   * and an event emitted before a listener exists is lost). `onGone` runs instead when the
   * connection went away first (ws drops a malformed handshake silently).
   */
  accept(onOpen: (ws: WebSocket) => void, onGone?: () => void): void;
  /** Answers the upgrade with an HTTP error instead (the target turned out unreachable). */
  refuse(status: number, reason: string): void;
  /** Runs on `dispose` while the session is open, for what the owner attached (a TCP socket). */
  onDispose(cleanup: () => void): void;
}

export interface LoopbackSessionServerOptions<T extends SessionTarget> {
  /** The URL path and the word refusals use ('console', 'terminal'). */
  urls: SessionUrlRules;
  /**
   * Origins of the pages allowed to connect, asked on every connection (the server that
   * serves the page may learn its port after this one was made).
   */
  allowedOrigins: () => readonly string[];
  /** What a plain HTTP request is told. */
  notWebSocketMessage: string;
  /** ws options that differ per kind of session (compression, frame size, subprotocols). */
  webSocket: Pick<ServerOptions, 'perMessageDeflate' | 'maxPayload' | 'handleProtocols'>;
  onSession: (session: AdmittedSession<T>) => void;
  logger?: Logger;
  /** 0 (the default) picks a free port. */
  port?: number;
  now?: () => number;
  tokenTtlMs?: number;
}

/**
 * A loopback WebSocket server of one-use session URLs: the console proxy and the terminal
 * each run one. It listens only once the first session is asked for; an upgrade is admitted
 * (loopback peer, allowed Origin, unused token) before its owner sees it, and a refusal is
 * answered in plain HTTP so the page can show why.
 */
export class LoopbackSessionServer<T extends SessionTarget> implements Disposable {
  private readonly logger: Logger;
  private readonly tokens: SessionTokens<T>;
  private readonly wss: WebSocketServer;
  private readonly server: LoopbackUpgradeServer;
  private readonly open = new Map<WebSocket, Array<() => void>>();

  constructor(private readonly options: LoopbackSessionServerOptions<T>) {
    this.logger = options.logger ?? silentLogger;
    this.tokens = new SessionTokens(options.now, options.tokenTtlMs ?? SESSION_TOKEN_TTL_MS);
    this.wss = new WebSocketServer({ noServer: true, ...options.webSocket });
    this.server = new LoopbackUpgradeServer({
      port: options.port,
      notWebSocketMessage: options.notWebSocketMessage,
      onUpgrade: (req, socket, head) => this.onUpgrade(req, socket, head),
      onListening: (port) => this.logger.info(`${options.urls.kind} server listening`, { address: `${LOOPBACK_HOST}:${port}` }),
    });
  }

  /** A one-use URL granting `target`; it expires if unused for the token lifetime. */
  async openSession(target: T): Promise<string> {
    const port = await this.server.listen();
    const token = this.tokens.issue(target);
    this.logger.info(`${this.options.urls.kind} session issued`, { instance: target.instance, token: tokenPrefix(token) });
    return `ws://${LOOPBACK_HOST}:${port}${this.options.urls.pathPrefix}${token}`;
  }

  get activeSessions(): number {
    return this.open.size;
  }

  /** Stops listening, forgets unused tokens and ends every open session. */
  async dispose(): Promise<void> {
    this.tokens.clear();
    for (const [ws, cleanups] of this.open) {
      ws.terminate();
      for (const cleanup of cleanups) cleanup();
    }
    this.open.clear();
    await this.server.close();
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const { kind } = this.options.urls;
    const admission = admitSession(req, this.tokens, this.options.allowedOrigins(), this.options.urls);
    if (!admission.ok) {
      this.logger.warn(`${kind} connection refused`, { status: admission.status, reason: admission.reason, origin: req.headers.origin ?? null });
      refuseUpgrade(socket, admission.status, admission.reason);
      return;
    }
    const cleanups: Array<() => void> = [];
    this.options.onSession({
      target: admission.target,
      label: tokenPrefix(admission.token),
      socket,
      accept: (onOpen, onGone = () => undefined) => {
        if (socket.destroyed) return onGone();
        socket.once('close', onGone);
        this.wss.handleUpgrade(req, socket, head, (ws) => {
          socket.off('close', onGone);
          this.open.set(ws, cleanups);
          // Kept until fully closed, so dispose can still cut a slow closing handshake short.
          ws.once('close', () => this.open.delete(ws));
          onOpen(ws);
        });
      },
      refuse: (status, reason) => refuseUpgrade(socket, status, reason),
      onDispose: (cleanup) => void cleanups.push(cleanup),
    });
  }
}
