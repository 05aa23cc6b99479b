import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';

/**
 * Electron cannot run on the build machines: this stands in for the parts of it the shell
 * (src-main/electron/main.ts) touches and records what the shell asks of them, so the wiring
 * and the security checklist are checked over the real core. Use it as
 *   vi.mock('electron', async () => (await import('…/test/support/fake-electron')).fakeElectronModule());
 *   vi.mock('electron-log/main', async () => (await import('…/test/support/fake-electron')).fakeElectronLogModule());
 * and read `recorder` from the same module.
 */
export interface ElectronRecorder {
  userData: string;
  appOn: Map<string, Array<(...args: unknown[]) => void>>;
  windows: Array<{ opts: { webPreferences?: Record<string, unknown> } & Record<string, unknown>; url?: string; webContents: object }>;
  handled: Map<string, (event: unknown, params: unknown) => Promise<unknown>>;
  schemes: unknown[];
  trayMenu: unknown;
  appMenu: unknown;
  permissionRequest: undefined | ((c: unknown, permission: string, cb: (ok: boolean) => void, details?: unknown) => void);
  permissionCheck: undefined | ((c: unknown, permission: string) => boolean);
  headers: undefined | ((d: { url: string; responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void);
  protocolHandler: undefined | ((req: { url: string }) => Promise<Response>);
  opened: string[];
  quitCalls: number;
  /** What the page set as `nativeTheme.themeSource`. */
  nativeTheme: { themeSource: string };
}

export const recorder: ElectronRecorder = {
  userData: '',
  appOn: new Map(),
  windows: [],
  handled: new Map(),
  schemes: [],
  trayMenu: undefined,
  appMenu: undefined,
  permissionRequest: undefined,
  permissionCheck: undefined,
  headers: undefined,
  protocolHandler: undefined,
  opened: [],
  quitCalls: 0,
  nativeTheme: { themeSource: 'system' },
};

export function fakeElectronModule(): Record<string, unknown> {
  const rec = recorder;
  class BrowserWindow {
    webContents = { send: () => undefined, isDestroyed: () => false, isCrashed: () => false };
    url?: string;
    constructor(readonly opts: Record<string, unknown>) {
      rec.windows.push(this);
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
      getPath: () => rec.userData,
      getVersion: () => '0.0.0-test',
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      on: (event: string, fn: (...args: unknown[]) => void) => rec.appOn.set(event, [...(rec.appOn.get(event) ?? []), fn]),
      quit: () => void rec.quitCalls++,
      exit: () => undefined,
    },
    BrowserWindow,
    protocol: { registerSchemesAsPrivileged: (s: unknown[]) => rec.schemes.push(...s) },
    session: {
      defaultSession: {
        protocol: { handle: (_scheme: string, fn: ElectronRecorder['protocolHandler']) => (rec.protocolHandler = fn) },
        setPermissionRequestHandler: (fn: ElectronRecorder['permissionRequest']) => (rec.permissionRequest = fn),
        setPermissionCheckHandler: (fn: ElectronRecorder['permissionCheck']) => (rec.permissionCheck = fn),
        webRequest: { onHeadersReceived: (fn: ElectronRecorder['headers']) => (rec.headers = fn) },
      },
    },
    nativeTheme: rec.nativeTheme,
    ipcMain: {
      handle: (c: string, fn: (e: unknown, p: unknown) => Promise<unknown>) => rec.handled.set(c, fn),
      removeHandler: (c: string) => rec.handled.delete(c),
    },
    Tray: class {
      setToolTip(): void {}
      on(): void {}
      setContextMenu(menu: unknown): void {
        rec.trayMenu = menu;
      }
      destroy(): void {}
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (rec.appMenu = m) },
    nativeImage: { createFromPath: () => ({ setTemplateImage: () => undefined }) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    Notification: class {
      static isSupported(): boolean {
        return false;
      }
    },
    dialog: { showMessageBox: () => Promise.resolve({ response: 0 }) },
    shell: { openExternal: (url: string) => (rec.opened.push(url), Promise.resolve()), showItemInFolder: () => undefined },
  };
}

export function fakeElectronLogModule(): Record<string, unknown> {
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
}

/** Polls until `get` gives a value. */
export async function until<T>(get: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Runs the real shell over a temporary LIMA_HOME holding one stopped instance `demo`, and
 * waits for its window. Returns the home, to be handed to `quitShell`.
 */
export async function startShell(importMain: () => Promise<unknown>): Promise<string> {
  const home = mkdtempSync(path.join(tmpdir(), 'limadesk-shell-'));
  recorder.userData = path.join(home, 'userData');
  mkdirSync(path.join(home, 'lima', 'demo'), { recursive: true });
  writeFileSync(path.join(home, 'lima', 'demo', 'lima.yaml'), 'images:\n- location: /nonexistent/x.img\n  arch: x86_64\n');
  vi.stubEnv('LIMA_HOME', path.join(home, 'lima'));
  await importMain();
  await until(() => recorder.windows[0]);
  return home;
}

/** Quits the shell the way the app menu does, waits until it has closed down, and removes the home. */
export async function quitShell(home: string): Promise<void> {
  const before = recorder.quitCalls;
  for (const fn of recorder.appOn.get('before-quit') ?? []) fn({ preventDefault: () => undefined });
  await until(() => (recorder.quitCalls > before ? true : undefined));
  vi.unstubAllEnvs();
  rmSync(home, { recursive: true, force: true });
}
