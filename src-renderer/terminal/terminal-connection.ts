import type { ApiResult, TerminalSession } from '../../src-main/common/api';
import { closeReasonText, type TerminalState } from './terminal-state';

/** The part of an xterm.js Terminal the connection uses (a fake one stands in for tests). */
export interface TerminalScreen {
  readonly cols: number;
  readonly rows: number;
  write(data: Uint8Array | string): void;
  reset(): void;
  onData(listener: (data: string) => void): { dispose(): void };
  onBinary(listener: (data: string) => void): { dispose(): void };
  onResize(listener: (size: { cols: number; rows: number }) => void): { dispose(): void };
}

/** The slice of the browser's WebSocket used here. */
export interface SocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  send(data: string | Uint8Array<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
}

export interface TerminalConnectionOptions {
  openSession(size: { cols: number; rows: number }): Promise<ApiResult<TerminalSession>>;
  createSocket?: (url: string) => SocketLike;
  onState(state: TerminalState): void;
}

const OPEN = 1;

/**
 * One terminal's link to its instance: asks the main side for a one-use session URL, then
 * carries keystrokes out and the guest's bytes in over a WebSocket, and the screen size as
 * `{"resize":[cols,rows]}` text frames. It never reconnects on its own after a close, so the
 * reason stays on screen until the user asks again.
 */
export class TerminalConnection {
  private screen: TerminalScreen | null = null;
  private socket: SocketLike | null = null;
  private attempt = 0;
  private running = false;
  private sshReady = true;
  private disposed = false;
  private readonly encoder = new TextEncoder();
  private readonly listeners: Array<{ dispose(): void }> = [];

  constructor(private readonly options: TerminalConnectionOptions) {}

  attach(screen: TerminalScreen): void {
    this.screen = screen;
    this.listeners.push(
      screen.onData((data) => this.sendBytes(this.encoder.encode(data))),
      // Mouse reports in some modes are raw bytes in a string, one char per byte.
      screen.onBinary((data) => this.sendBytes(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff))),
      screen.onResize(({ cols, rows }) => {
        if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify({ resize: [cols, rows] }));
      }),
    );
  }

  /** Follows the instance: connects when it runs and SSH answers, ends the session when it stops. */
  setRunning(running: boolean, sshReady: boolean): void {
    const wasUsable = this.running && this.sshReady;
    this.running = running;
    this.sshReady = sshReady;
    if (!running) {
      this.drop();
      this.options.onState({ kind: 'not-running' });
    } else if (!sshReady) {
      if (!this.socket) this.options.onState({ kind: 'waiting-for-ssh' });
    } else if (!wasUsable && !this.socket) {
      void this.connect();
    }
  }

  /** Opens a new session (the Reconnect button), replacing any current one. */
  async connect(): Promise<void> {
    const screen = this.screen;
    if (this.disposed || !screen || !this.running) return;
    this.drop();
    const attempt = ++this.attempt;
    this.options.onState({ kind: 'connecting' });
    let result: ApiResult<TerminalSession>;
    try {
      result = await this.options.openSession({ cols: screen.cols, rows: screen.rows });
    } catch (err) {
      result = { ok: false, code: 'internal', message: err instanceof Error ? err.message : String(err) };
    }
    if (attempt !== this.attempt || this.disposed) return;
    if (!result.ok) {
      this.options.onState({ kind: 'closed', reason: result.message });
      return;
    }
    const session = result.value;
    const socket: SocketLike = this.options.createSocket ? this.options.createSocket(session.url) : new WebSocket(session.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    screen.reset();
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.options.onState({ kind: 'connected' });
      // The panel may have been fitted while the session was being set up.
      socket.send(JSON.stringify({ resize: [screen.cols, screen.rows] }));
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return;
      if (ev.data instanceof ArrayBuffer) screen.write(new Uint8Array(ev.data));
      else if (typeof ev.data === 'string') screen.write(ev.data);
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.options.onState({ kind: 'closed', reason: closeReasonText(ev.code, ev.reason) });
    };
    socket.onerror = () => {};
  }

  dispose(): void {
    this.disposed = true;
    this.drop();
    for (const listener of this.listeners.splice(0)) listener.dispose();
    this.screen = null;
  }

  private sendBytes(bytes: Uint8Array<ArrayBuffer>): void {
    if (this.socket?.readyState === OPEN) this.socket.send(bytes);
  }

  /** Ends the current session without reporting it as closed (a new state follows). */
  private drop(): void {
    this.attempt++;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'closed by the user');
    }
  }
}
