/**
 * One instance's VNC connection, outside React: it opens a fresh proxy session for every
 * connect (session URLs are single-use), answers the password prompt, turns noVNC's events
 * into a ConsoleState, and reconnects when the VM comes back after a stop.
 */
import type RFB from '@novnc/novnc';
import type { RfbOptions } from '@novnc/novnc';
import type { ApiResult, VncSession } from '../../src-main/common/api';
import { cleanReason, type ConsoleState } from './console-state';

/** The RFB members the console uses; the real class and a test double both fit. */
export type RfbLike = Pick<
  RFB,
  | 'scaleViewport'
  | 'focusOnClick'
  | 'background'
  | 'disconnect'
  | 'sendCredentials'
  | 'sendCtrlAltDel'
  | 'clipboardPasteFrom'
  | 'focus'
  | 'toDataURL'
  | 'addEventListener'
  | 'removeEventListener'
>;

export type RfbConstructor = new (target: HTMLElement, url: string, options?: RfbOptions) => RfbLike;

export interface VncConnectionDeps {
  openSession: () => Promise<ApiResult<VncSession>>;
  loadRfb: () => Promise<RfbConstructor>;
  onState: (state: ConsoleState) => void;
  /** Waits between attempts to open a session; injectable so tests need not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

// A VM can be Running a moment before its host agent has written the VNC display files, so a
// 'wrong-state' answer is retried for a few seconds before it is shown.
const SESSION_ATTEMPTS = 5;
const SESSION_RETRY_MS = 1000;
// Each start gives the VM a new VNC password, set through QMP once QEMU is up; a login in
// that moment can meet the previous one. A refused login is retried with a fresh session
// before "wrong password" is shown.
const LOGIN_ATTEMPTS = 3;
const LOGIN_RETRY_MS = 1500;

export class VncConnection {
  private state: ConsoleState = { kind: 'not-running' };
  private target: HTMLElement | null = null;
  private running = false;
  private current: RfbLike | null = null;
  // Bumped by every connect and teardown: a session or a noVNC event that arrives for an
  // older attempt is ignored instead of overwriting the newer attempt's state.
  private generation = 0;
  private disposed = false;
  private refusedLogins = 0;

  constructor(private readonly deps: VncConnectionDeps) {}

  get rfb(): RfbLike | null {
    return this.state.kind === 'connected' ? this.current : null;
  }

  attach(target: HTMLElement): void {
    this.target = target;
    if (this.running) void this.connect();
  }

  /** Follows the instance's status: a VM that is Running again gets a new connection. */
  setRunning(running: boolean): void {
    if (running === this.running) return;
    this.running = running;
    if (running) {
      if (this.target) void this.connect();
    } else {
      this.teardown();
      this.setState({ kind: 'not-running' });
    }
  }

  /** A new connection with a fresh session, as the Reconnect button asks. */
  connect(): Promise<void> {
    this.refusedLogins = 0;
    return this.attempt();
  }

  private async attempt(): Promise<void> {
    if (this.disposed || !this.target) return;
    if (!this.running) {
      this.setState({ kind: 'not-running' });
      return;
    }
    this.teardown();
    const generation = this.generation;
    const target = this.target;
    this.setState({ kind: 'connecting' });

    let session: ApiResult<VncSession>;
    let Rfb: RfbConstructor;
    try {
      [session, Rfb] = await Promise.all([this.openSession(generation), this.deps.loadRfb()]);
    } catch (err) {
      if (generation === this.generation) this.setState({ kind: 'disconnected', reason: `could not start the console: ${messageOf(err)}` });
      return;
    }
    if (generation !== this.generation) return;
    if (!session.ok) {
      // Still 'wrong-state' after the retries while the VM runs: it has no VNC display (e.g.
      // `video.display: none`), and the API's message says which field to change.
      this.setState(this.running ? { kind: 'disconnected', reason: `no VNC session: ${session.message}` } : { kind: 'not-running' });
      return;
    }
    this.open(Rfb, target, session.value, generation);
  }

  private async openSession(generation: number): Promise<ApiResult<VncSession>> {
    for (let attempt = 1; ; attempt++) {
      const session = await this.deps.openSession();
      if (session.ok || session.code !== 'wrong-state' || attempt >= SESSION_ATTEMPTS) return session;
      await this.sleep(SESSION_RETRY_MS);
      // Stopped or superseded while waiting: the caller drops whatever comes back.
      if (generation !== this.generation || !this.running) return session;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.teardown();
  }

  private open(Rfb: RfbConstructor, target: HTMLElement, session: VncSession, generation: number): void {
    const rfb = new Rfb(target, session.url, { shared: true });
    this.current = rfb;
    rfb.scaleViewport = true;
    // Keys reach the VM only once its screen has been clicked (or focused): noVNC listens on
    // its own canvas, so the rest of the app keeps its shortcuts.
    rfb.focusOnClick = true;
    rfb.background = 'transparent';

    let connected = false;
    let desktopName = '';
    let passwordSent = false;
    let refused: string | null = null;
    const live = () => generation === this.generation;

    rfb.addEventListener('credentialsrequired', (e) => {
      if (!live()) return;
      if (passwordSent || !e.detail.types.includes('password')) {
        refused = 'the server asked again for credentials';
        rfb.disconnect();
        return;
      }
      passwordSent = true;
      rfb.sendCredentials({ password: session.password });
    });
    rfb.addEventListener('securityfailure', (e) => {
      if (live()) refused = cleanReason(e.detail.reason) || `security failure ${e.detail.status}`;
    });
    rfb.addEventListener('connect', () => {
      if (!live()) return;
      connected = true;
      this.refusedLogins = 0;
      this.setState({ kind: 'connected', desktopName });
    });
    // noVNC reports the name during the handshake, before 'connect'; a later rename updates it.
    rfb.addEventListener('desktopname', (e) => {
      if (!live()) return;
      desktopName = e.detail.name;
      if (connected) this.setState({ kind: 'connected', desktopName });
    });
    rfb.addEventListener('disconnect', (e) => {
      if (!live()) return;
      this.current = null;
      this.generation++;
      if (refused !== null && this.running && ++this.refusedLogins < LOGIN_ATTEMPTS) this.retryLogin();
      else if (refused !== null) this.setState({ kind: 'wrong-password', reason: refused });
      else if (!this.running) this.setState({ kind: 'not-running' });
      else this.setState({ kind: 'disconnected', reason: disconnectReason(connected, e.detail.clean) });
    });
  }

  private retryLogin(): void {
    const generation = this.generation;
    void this.sleep(LOGIN_RETRY_MS).then(() => {
      if (generation === this.generation && this.running) void this.attempt();
    });
  }

  private sleep(ms: number): Promise<void> {
    return this.deps.sleep ? this.deps.sleep(ms) : new Promise<void>((resolve) => setTimeout(resolve, ms));
  }

  private teardown(): void {
    this.generation++;
    const rfb = this.current;
    this.current = null;
    rfb?.disconnect();
  }

  private setState(state: ConsoleState): void {
    if (this.disposed) return;
    this.state = state;
    this.deps.onState(state);
  }
}

function disconnectReason(wasConnected: boolean, clean: boolean): string {
  if (!wasConnected) return 'the VNC proxy refused or dropped the connection before the screen arrived.';
  return clean ? 'the VM closed its display.' : 'the connection to the VM was lost.';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
