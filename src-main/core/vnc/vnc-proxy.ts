import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { silentLogger, type Logger } from '../../common/logger';
import { admitSession } from '../loopback-ws/admit-session';
import { refuseUpgrade } from '../loopback-ws/refuse-upgrade';
import { LOOPBACK_HOST, LoopbackUpgradeServer } from '../loopback-ws/upgrade-server';
import { VNC_SESSION_URLS, type VncTarget } from './admission';
import { SessionTokens, tokenPrefix, SESSION_TOKEN_TTL_MS } from './session-tokens';
import { bridgeWebSocketToTcp, DEFAULT_HIGH_WATER_MARK } from './ws-tcp-bridge';

export interface VncProxyOptions {
  /**
   * Origins of the pages allowed to connect (`http://127.0.0.1:PORT` for `limadesk serve`,
   * the app's own origin under Electron). Asked on every connection, because the server
   * that serves the page may learn its port after the proxy was made.
   */
  allowedOrigins: () => readonly string[];
  logger?: Logger;
  /** 0 (the default) picks a free port. */
  port?: number;
  now?: () => number;
  tokenTtlMs?: number;
  /** Bytes a session's WebSocket may hold unsent before reading from the VM pauses. */
  highWaterMark?: number;
  /** How long to wait for the VNC server to accept the TCP connection. */
  connectTimeoutMs?: number;
}

/** Client-to-VM traffic is keys, pointer moves and the odd clipboard text. */
const MAX_CLIENT_MESSAGE_BYTES = 8 * 1024 * 1024;

/**
 * The loopback WebSocket-to-TCP proxy between noVNC and QEMU's VNC server: one server for
 * every console session of this process, listening only once the first session is opened.
 * Each session is a one-use URL; the VM side is the TCP port QEMU reports.
 */
export class VncProxy {
  private readonly logger: Logger;
  private readonly tokens: SessionTokens<VncTarget>;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<{ ws: WebSocket; tcp: Socket }>();
  private readonly server: LoopbackUpgradeServer;

  constructor(private readonly options: VncProxyOptions) {
    this.logger = options.logger ?? silentLogger;
    this.tokens = new SessionTokens(options.now, options.tokenTtlMs ?? SESSION_TOKEN_TTL_MS);
    this.wss = new WebSocketServer({
      noServer: true,
      // Framebuffer updates are already encoded; compressing them again costs CPU for little.
      perMessageDeflate: false,
      maxPayload: MAX_CLIENT_MESSAGE_BYTES,
      // noVNC may ask for the `binary` subprotocol; frames are binary either way.
      handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
    });
    this.server = new LoopbackUpgradeServer({
      port: options.port,
      notWebSocketMessage: 'console sessions are WebSocket connections',
      onUpgrade: (req, socket, head) => this.onUpgrade(req, socket, head),
      onListening: (port) => this.logger.info('console proxy listening', { address: `${LOOPBACK_HOST}:${port}` }),
    });
  }

  /** A one-use URL that connects to `target`; it expires if unused for the token lifetime. */
  async openSession(target: VncTarget): Promise<string> {
    const port = await this.server.listen();
    const token = this.tokens.issue(target);
    this.logger.info('console session issued', { instance: target.instance, token: tokenPrefix(token) });
    return `ws://${LOOPBACK_HOST}:${port}${VNC_SESSION_URLS.pathPrefix}${token}`;
  }

  get activeSessions(): number {
    return this.sessions.size;
  }

  /** Stops listening and ends every open session. */
  async close(): Promise<void> {
    this.tokens.clear();
    for (const { ws, tcp } of this.sessions) {
      ws.terminate();
      tcp.destroy();
    }
    this.sessions.clear();
    await this.server.close();
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const admission = admitSession(req, this.tokens, this.options.allowedOrigins(), VNC_SESSION_URLS);
    if (!admission.ok) {
      this.logger.warn('console connection refused', { status: admission.status, reason: admission.reason, origin: req.headers.origin ?? null });
      refuseUpgrade(socket, admission.status, admission.reason);
      return;
    }
    const { target } = admission;
    const session = tokenPrefix(admission.token);
    const tcp = connect({ host: target.host, port: target.port });
    // Nothing from the VNC server is read until the WebSocket is there to carry it.
    tcp.pause();
    let bridged = false;
    // ws gives up on a malformed handshake by destroying the socket without calling back.
    socket.once('close', () => {
      if (!bridged) tcp.destroy();
    });
    tcp.setTimeout(this.options.connectTimeoutMs ?? 5_000, () => tcp.destroy(new Error('timed out connecting')));
    tcp.once('error', (err) => {
      if (bridged) return;
      this.logger.warn('console connection failed: VNC server unreachable', { instance: target.instance, session, error: err.message });
      refuseUpgrade(socket, 502, `cannot reach the VNC server of ${JSON.stringify(target.instance)}: ${err.message}`);
    });
    tcp.once('connect', () => {
      tcp.setTimeout(0);
      tcp.setNoDelay(true);
      if (socket.destroyed) {
        tcp.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        bridged = true;
        const entry = { ws, tcp };
        this.sessions.add(entry);
        // Kept until the WebSocket is fully closed, so close() can still cut a slow closing handshake short.
        ws.once('close', () => this.sessions.delete(entry));
        this.logger.info('console session opened', { instance: target.instance, session });
        bridgeWebSocketToTcp(ws, tcp, {
          highWaterMark: this.options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK,
          onEnd: (reason) => this.logger.info('console session ended', { instance: target.instance, session, reason }),
        });
      });
    });
  }
}
