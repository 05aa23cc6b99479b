import type { RfbCredentials, RfbEventDetails, RfbOptions } from '@novnc/novnc';
import type { RfbLike } from './vnc-connection';

// noVNC cannot run in jsdom (no canvas, no ResizeObserver): this double records what the
// console asks of it and lets each test play the server's side of the events.
export class FakeRfb implements RfbLike {
  static created: FakeRfb[] = [];
  /** Runs the listeners of an emitted event; a React test wraps this in act(). */
  static dispatch: (fire: () => void) => void = (fire) => fire();
  scaleViewport = false;
  focusOnClick = false;
  background = '';
  disconnected = false;
  credentials: RfbCredentials[] = [];
  ctrlAltDels = 0;
  pasted: string[] = [];
  private readonly listeners = new Map<string, Set<(e: CustomEvent<unknown>) => void>>();

  /** Key presses that reached the screen, as noVNC would send them to the VM. */
  keys: string[] = [];
  /** Like noVNC's: a canvas in the target, out of the Tab order, listening for keys itself. */
  readonly canvas: HTMLCanvasElement;

  constructor(
    readonly target: HTMLElement,
    readonly url: string,
    readonly options?: RfbOptions,
  ) {
    FakeRfb.created.push(this);
    this.canvas = target.ownerDocument.createElement('canvas');
    this.canvas.tabIndex = -1;
    this.canvas.addEventListener('keydown', (e) => this.keys.push(e.key));
    target.appendChild(this.canvas);
  }

  addEventListener<K extends keyof RfbEventDetails>(type: K, listener: (event: CustomEvent<RfbEventDetails[K]>) => void): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener as (e: CustomEvent<unknown>) => void);
    this.listeners.set(type, set);
  }
  removeEventListener<K extends keyof RfbEventDetails>(type: K, listener: (event: CustomEvent<RfbEventDetails[K]>) => void): void {
    this.listeners.get(type)?.delete(listener as (e: CustomEvent<unknown>) => void);
  }
  emit<K extends keyof RfbEventDetails>(type: K, detail: RfbEventDetails[K]): void {
    FakeRfb.dispatch(() => {
      for (const l of this.listeners.get(type) ?? []) l(new CustomEvent(type, { detail }));
    });
  }
  disconnect(): void {
    this.disconnected = true;
  }
  sendCredentials(credentials: RfbCredentials): void {
    this.credentials.push(credentials);
  }
  sendCtrlAltDel(): void {
    this.ctrlAltDels++;
  }
  clipboardPasteFrom(text: string): void {
    this.pasted.push(text);
  }
  focus(): void {}
  toDataURL(): string {
    return 'data:image/png;base64,AAAA';
  }
}
