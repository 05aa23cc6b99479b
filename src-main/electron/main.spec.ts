import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../common/api';

// Electron cannot run here: this stands in for the parts of it the shell touches and records
// what the shell asks of them, so the wiring of main.ts is checked end to end over the real core.
const h = vi.hoisted(() => ({
  userData: '',
  appOn: new Map<string, ((...args: unknown[]) => void)[]>(),
  windows: [] as { opts: Record<string, unknown>; url?: string; webContents: object }[],
  handled: new Map<string, (event: unknown, params: unknown) => Promise<unknown>>(),
  schemes: [] as unknown[],
  trayMenu: undefined as unknown,
  appMenu: undefined as unknown,
  protocolHandler: undefined as undefined | ((req: { url: string }) => Promise<Response>),
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { send: () => undefined, isDestroyed: () => false, isCrashed: () => false };
    url?: string;
    constructor(readonly opts: Record<string, unknown>) {
      h.windows.push(this);
    }
    on(): void {}
    once(): void {}
    loadURL(url: string): Promise<void> {
      this.url = url;
      return Promise.resolve();
    }
    isDestroyed(): boolean {
      return false;
    }
    maximize(): void {}
  }
  return {
    app: {
      getPath: () => h.userData,
      getVersion: () => '0.0.0-test',
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      on: (event: string, fn: (...args: unknown[]) => void) => h.appOn.set(event, [...(h.appOn.get(event) ?? []), fn]),
      quit: () => undefined,
      exit: () => undefined,
    },
    BrowserWindow,
    protocol: { registerSchemesAsPrivileged: (s: unknown[]) => h.schemes.push(...s) },
    session: {
      defaultSession: {
        protocol: { handle: (_scheme: string, fn: typeof h.protocolHandler) => (h.protocolHandler = fn) },
        setPermissionRequestHandler: () => undefined,
        setPermissionCheckHandler: () => undefined,
        webRequest: { onHeadersReceived: () => undefined },
      },
    },
    ipcMain: { handle: (c: string, fn: (e: unknown, p: unknown) => Promise<unknown>) => h.handled.set(c, fn), removeHandler: (c: string) => h.handled.delete(c) },
    Tray: class {
      setToolTip(): void {}
      on(): void {}
      setContextMenu(menu: unknown): void {
        h.trayMenu = menu;
      }
      destroy(): void {}
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (h.appMenu = m) },
    nativeImage: { createFromPath: () => ({ setTemplateImage: () => undefined }) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    Notification: class {
      static isSupported(): boolean {
        return false;
      }
    },
    dialog: { showMessageBox: () => Promise.resolve({ response: 0 }) },
    shell: { openExternal: () => Promise.resolve(), showItemInFolder: () => undefined },
  };
});

vi.mock('electron-log/main', () => {
  const noop = (): void => undefined;
  return {
    default: {
      initialize: noop,
      transports: { file: { level: 'info', getFile: () => ({ path: '/tmp/limadesk-test/main.log' }) } },
      errorHandler: { startCatching: noop },
      debug: noop,
      info: noop,
      warn: noop,
      error: noop,
    },
  };
});

async function until<T>(get: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the Electron shell (with Electron replaced by a recorder)', () => {
  let home: string;

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'limadesk-shell-'));
    h.userData = path.join(home, 'userData');
    mkdirSync(path.join(home, 'lima', 'demo'), { recursive: true });
    writeFileSync(path.join(home, 'lima', 'demo', 'lima.yaml'), 'images:\n- location: /nonexistent/x.img\n  arch: x86_64\n');
    vi.stubEnv('LIMA_HOME', path.join(home, 'lima'));
    await import('./main');
    await until(() => h.windows[0]);
  });

  afterAll(() => {
    for (const fn of h.appOn.get('before-quit') ?? []) fn({ preventDefault: () => undefined });
    vi.unstubAllEnvs();
    rmSync(home, { recursive: true, force: true });
  });

  it('registers app:// as a secure scheme and opens one hardened window on it', () => {
    expect(h.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const win = h.windows[0]!;
    expect(win.opts.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(win.url).toBe('app://limadesk/index.html');
  });

  it('handles every API channel, for the app page in the main window only', async () => {
    expect([...h.handled.keys()].sort()).toEqual(Object.values(API_METHODS).sort());
    const list = h.handled.get(API_METHODS.listInstances)!;
    const sender = h.windows[0]!.webContents;
    const fromApp = await list({ sender, senderFrame: { parent: null, url: 'app://limadesk/index.html' } }, {});
    expect(fromApp).toMatchObject({ ok: true, value: [{ name: 'demo', status: 'Stopped' }] });
    expect(await list({ sender, senderFrame: { parent: null, url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await list({ sender: {}, senderFrame: { parent: null, url: 'app://limadesk/index.html' } }, {})).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await list({ sender, senderFrame: null }, {})).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('refuses new windows and navigation away from the app', () => {
    let openHandler: ((d: { url: string }) => unknown) | undefined;
    const listeners = new Map<string, (e: { preventDefault(): void }, url?: string) => void>();
    const contents = {
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
      on: (event: string, fn: (e: { preventDefault(): void }, url?: string) => void) => listeners.set(event, fn),
    };
    for (const fn of h.appOn.get('web-contents-created') ?? []) fn({}, contents);
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const prevented: string[] = [];
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://limadesk/index.html']) {
      listeners.get('will-navigate')!({ preventDefault: () => prevented.push(url) }, url);
    }
    expect(prevented).toEqual(['https://evil.example/', 'file:///etc/passwd']);
  });

  it('lists instances with Start/Stop in the tray and offers Reveal Logs in the menu', async () => {
    const menu = await until(() => h.trayMenu as { label?: string; submenu?: { label: string; enabled: boolean }[] }[] | undefined);
    const demo = menu.find((i) => i.label === 'demo — Stopped');
    expect(demo?.submenu?.map((s) => [s.label, s.enabled])).toEqual([['Start', true], ['Stop', false]]);
    expect(JSON.stringify(h.appMenu)).toContain('Reveal Logs');
    expect(JSON.stringify(h.appMenu)).toContain('Stop VMs When Quitting');
  });

  it('serves nothing outside the renderer directory or the app host', async () => {
    const missing = await h.protocolHandler!({ url: 'app://limadesk/../../etc/passwd' });
    expect(missing.status).toBe(404);
    const otherHost = await h.protocolHandler!({ url: 'app://elsewhere/index.html' });
    expect(otherHost.status).toBe(404);
  });

  it('leaves VMs running on quit by default', () => {
    let prevented = false;
    for (const fn of h.appOn.get('before-quit') ?? []) fn({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
  });
});
