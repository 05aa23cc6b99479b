import { connect } from 'node:net';
import type { Disposable } from '../../common/disposable';
import { silentLogger, type Logger } from '../../common/logger';
import { LoopbackSessionServer, type AdmittedSession } from '../loopback-ws/session-server';
import { VNC_SESSION_URLS, type VncTarget } from './admission';
import { LargeReads } from './large-reads';
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
export class VncProxy implements Disposable {
  private readonly logger: Logger;
  private readonly server: LoopbackSessionServer<VncTarget>;

  constructor(private readonly options: VncProxyOptions) {
    this.logger = options.logger ?? silentLogger;
    this.server = new LoopbackSessionServer<VncTarget>({
      urls: VNC_SESSION_URLS,
      allowedOrigins: options.allowedOrigins,
      notWebSocketMessage: 'console sessions are WebSocket connections',
      webSocket: {
        // Framebuffer updates are already encoded; compressing them again costs CPU for little.
        perMessageDeflate: false,
        maxPayload: MAX_CLIENT_MESSAGE_BYTES,
        // noVNC may ask for the `binary` subprotocol; frames are binary either way.
        handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
      },
      onSession: (session) => this.connectSession(session),
      logger: this.logger,
      port: options.port,
      now: options.now,
      tokenTtlMs: options.tokenTtlMs,
    });
  }

  /** A one-use URL that connects to `target`; it expires if unused for the token lifetime. */
  openSession(target: VncTarget): Promise<string> {
    return this.server.openSession(target);
  }

  get activeSessions(): number {
    return this.server.activeSessions;
  }

  /** Stops listening and ends every open session. */
  dispose(): Promise<void> {
    return this.server.dispose();
  }

  /** The TCP side connects first: a VNC server that is not there is refused in plain HTTP. */
  private connectSession(session: AdmittedSession<VncTarget>): void {
    const { target, label } = session;
    const reads = new LargeReads();
    const tcp = connect({ host: target.host, port: target.port, onread: reads.onread });
    // Nothing from the VNC server is read until the WebSocket is there to carry it.
    tcp.pause();
    let bridged = false;
    session.socket.once('close', () => {
      if (!bridged) tcp.destroy();
    });
    tcp.setTimeout(this.options.connectTimeoutMs ?? 5_000, () => tcp.destroy(new Error('timed out connecting')));
    tcp.once('error', (err) => {
      if (bridged) return;
      this.logger.warn('console connection failed: VNC server unreachable', { instance: target.instance, session: label, error: err.message });
      session.refuse(502, `cannot reach the VNC server of ${JSON.stringify(target.instance)}: ${err.message}`);
    });
    tcp.once('connect', () => {
      tcp.setTimeout(0);
      tcp.setNoDelay(true);
      session.accept(
        (ws) => {
          bridged = true;
          session.onDispose(() => tcp.destroy());
          this.logger.info('console session opened', { instance: target.instance, session: label });
          bridgeWebSocketToTcp(ws, tcp, reads, {
            highWaterMark: this.options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK,
            onEnd: (reason) => this.logger.info('console session ended', { instance: target.instance, session: label, reason }),
          });
        },
        () => tcp.destroy(),
      );
    });
  }
}
