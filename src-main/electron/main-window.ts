import { BrowserWindow, type BrowserWindowConstructorOptions, type IpcMainInvokeEvent } from 'electron';
import { APP_URL, isAppUrl } from './app-protocol';
import { TITLE_BAR_HEIGHT, titleBarFor } from '../common/window-chrome';
import type { WindowState } from './window-state';

/** The frame the page expects (common/window-chrome.ts): inset traffic lights or overlay controls. */
export function titleBarOptions(platform: NodeJS.Platform): Pick<BrowserWindowConstructorOptions, 'titleBarStyle' | 'titleBarOverlay' | 'trafficLightPosition'> {
  if (titleBarFor(platform) === 'hiddenInset') return { titleBarStyle: 'hiddenInset', trafficLightPosition: { x: 14, y: 13 } };
  // The overlay's own colours follow the system theme; transparent lets the page's title bar show through.
  return { titleBarStyle: 'hidden', titleBarOverlay: { color: '#00000000', height: TITLE_BAR_HEIGHT } };
}

/** The one main window: hardened web preferences, placed where it was last closed. */
export class MainWindow {
  private win: BrowserWindow | undefined;

  constructor(
    private readonly preloadPath: string,
    private readonly state: WindowState,
  ) {}

  get current(): BrowserWindow | undefined {
    return this.win && !this.win.isDestroyed() ? this.win : undefined;
  }

  all(): BrowserWindow[] {
    return this.current ? [this.current] : [];
  }

  show(): BrowserWindow {
    const existing = this.current;
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    const { bounds, maximized } = this.state.initial();
    const win = new BrowserWindow({
      ...bounds,
      minWidth: 640,
      minHeight: 400,
      title: 'Limadesk',
      show: false,
      ...titleBarOptions(process.platform),
      webPreferences: {
        preload: this.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
      },
    });
    if (maximized) win.maximize();
    this.state.track(win);
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (this.win === win) this.win = undefined;
    });
    void win.loadURL(APP_URL);
    this.win = win;
    return win;
  }

  /** Only the app's own page, in its top frame, in this window, may call the API. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean {
    const win = this.current;
    const frame = event.senderFrame;
    return !!win && event.sender === win.webContents && !!frame && frame.parent === null && isAppUrl(frame.url);
  }
}
