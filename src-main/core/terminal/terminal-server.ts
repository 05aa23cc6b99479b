import type { WebSocket } from 'ws';
import type { Disposable } from '../../common/disposable';
import { silentLogger, type Logger } from '../../common/logger';
import type { SessionUrlRules } from '../loopback-ws/admit-session';
import { LoopbackSessionServer, type AdmittedSession } from '../loopback-ws/session-server';
import { connectSsh } from '../ssh/connect';
import type { SshTarget } from '../ssh/target';
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
 * connection to the instance with a PTY and a login shell. Who may connect is decided as
 * for the console proxy (the shared LoopbackSessionServer).
 */
export class TerminalServer implements Disposable {
  private readonly logger: Logger;
  private readonly server: LoopbackSessionServer<TerminalTarget>;

  constructor(private readonly options: TerminalServerOptions) {
    this.logger = options.logger ?? silentLogger;
    this.server = new LoopbackSessionServer<TerminalTarget>({
      urls: TERMINAL_SESSION_URLS,
      allowedOrigins: options.allowedOrigins,
      notWebSocketMessage: 'terminal sessions are WebSocket connections',
      webSocket: { maxPayload: MAX_CLIENT_MESSAGE_BYTES },
      onSession: (session) => this.acceptThenConnect(session),
      logger: this.logger,
      now: options.now,
      tokenTtlMs: options.tokenTtlMs,
    });
  }

  openSession(target: TerminalTarget): Promise<string> {
    return this.server.openSession(target);
  }

  get activeSessions(): number {
    return this.server.activeSessions;
  }

  dispose(): Promise<void> {
    return this.server.dispose();
  }

  /**
   * The WebSocket is accepted before SSH connects so that an SSH failure reaches the page
   * as a close reason it can show, rather than as a bare failed handshake.
   */
  private acceptThenConnect(session: AdmittedSession<TerminalTarget>): void {
    session.accept((ws) => {
      // Keystrokes typed before SSH is up wait in the socket, not in a lost event.
      ws.pause();
      void this.startSession(ws, session.target, session.label);
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
