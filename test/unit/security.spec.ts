import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../src-main/common/api';

// The Electron checklist, read from what the real shell (src-main/electron/main.ts) asks of
// Electron: window options, session handlers, the CSP on every response, navigation and IPC.
// Electron itself cannot run here, so a recorder stands in for it.
const rec = vi.hoisted(() => ({
  userData: '',
  appOn: new Map<string, Array<(...args: unknown[]) => void>>(),
  windows: [] as Array<{ opts: { webPreferences?: Record<string, unknown> }; webContents: object }>,
  handled: new Map<string, (event: unknown, params: unknown) => Promise<unknown>>(),
  schemes: [] as unknown[],
  permissionRequest: undefined as undefined | ((c: unknown, permission: string, cb: (ok: boolean) => void, details?: unknown) => void),
  permissionCheck: undefined as undefined | ((c: unknown, permission: string) => boolean),
  headers: undefined as undefined | ((d: { url: string; responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
  protocolHandler: undefined as undefined | ((req: { url: string }) => Promise<Response>),
  opened: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { send: () => undefined, isDestroyed: () => false, isCrashed: () => false };
    constructor(readonly opts: Record<string, unknown>) {
      rec.windows.push(this as never);
    }
    on(): void {}
    once(): void {}
    loadURL(): Promise<void> {
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
      quit: () => undefined,
      exit: () => undefined,
    },
    BrowserWindow,
    protocol: { registerSchemesAsPrivileged: (s: unknown[]) => rec.schemes.push(...s) },
    session: {
      defaultSession: {
        protocol: { handle: (_scheme: string, fn: typeof rec.protocolHandler) => (rec.protocolHandler = fn) },
        setPermissionRequestHandler: (fn: typeof rec.permissionRequest) => (rec.permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof rec.permissionCheck) => (rec.permissionCheck = fn),
        webRequest: { onHeadersReceived: (fn: typeof rec.headers) => (rec.headers = fn) },
      },
    },
    ipcMain: { handle: (c: string, fn: (e: unknown, p: unknown) => Promise<unknown>) => rec.handled.set(c, fn), removeHandler: (c: string) => rec.handled.delete(c) },
    Tray: class {
      setToolTip(): void {}
      on(): void {}
      setContextMenu(): void {}
      destroy(): void {}
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
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

/** Splits a CSP header into directive → sources. */
function parseCsp(header: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name, sources);
  }
  return out;
}

/** The directives a renderer that shows untrusted guest output must have. */
function expectStrictCsp(header: string): void {
  const csp = parseCsp(header);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'none'"]);
  // Sockets only to the app and loopback (the console); never a remote host or a bare wildcard.
  for (const source of csp.get('connect-src') ?? []) expect(source).toMatch(/^('self'|ws:\/\/127\.0\.0\.1:\*)$/);
  for (const sources of csp.values()) {
    expect(sources).not.toContain("'unsafe-eval'");
    expect(sources).not.toContain('*');
    expect(sources).not.toContain('http:');
    expect(sources).not.toContain('https:');
  }
}

let home: string;

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'limadesk-sec-'));
  rec.userData = path.join(home, 'userData');
  mkdirSync(path.join(home, 'lima', 'demo'), { recursive: true });
  writeFileSync(path.join(home, 'lima', 'demo', 'lima.yaml'), 'images:\n- location: /nonexistent/x.img\n  arch: x86_64\n');
  vi.stubEnv('LIMA_HOME', path.join(home, 'lima'));
  await import('../../src-main/electron/main');
  const deadline = Date.now() + 5000;
  while (!rec.windows[0] && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
});

afterAll(() => {
  for (const fn of rec.appOn.get('before-quit') ?? []) fn({ preventDefault: () => undefined });
  vi.unstubAllEnvs();
  rmSync(home, { recursive: true, force: true });
});

describe('Electron security checklist, from the real window options and handlers', () => {
  it('every window: context isolation, sandbox, no Node, web security, no webview, no insecure content', () => {
    expect(rec.windows.length).toBeGreaterThan(0);
    for (const win of rec.windows) {
      const prefs = win.opts.webPreferences ?? {};
      expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
      expect(prefs.allowRunningInsecureContent ?? false).toBe(false);
      expect(prefs.experimentalFeatures ?? false).toBe(false);
      expect(prefs.nodeIntegrationInWorker ?? false).toBe(false);
      expect(prefs.nodeIntegrationInSubFrames ?? false).toBe(false);
      // A sandboxed preload must be one CommonJS bundle (an ESM preload cannot load in a sandbox).
      expect(String(prefs.preload)).toMatch(/\.cjs$/);
    }
  });

  it('the app scheme is secure and standard, without bypassing CSP', () => {
    expect(rec.schemes).toHaveLength(1);
    const privileges = (rec.schemes[0] as { privileges: Record<string, boolean> }).privileges;
    expect(privileges.secure).toBe(true);
    expect(privileges.bypassCSP ?? false).toBe(false);
    expect(privileges.corsEnabled ?? false).toBe(false);
  });

  it('denies every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'midi', 'openExternal', 'clipboard-read', 'display-capture', 'hid', 'serial', 'usb']) {
      let granted: boolean | undefined;
      rec.permissionRequest!({}, permission, (ok) => (granted = ok), { requestingUrl: 'app://limadesk/index.html' });
      expect(granted, permission).toBe(false);
      expect(rec.permissionCheck!({}, permission), permission).toBe(false);
    }
  });

  it('puts a strict CSP on every response, replacing any the response brought', () => {
    let headers: Record<string, string[]> = {};
    rec.headers!({ url: 'https://evil.example/', responseHeaders: { 'Content-Security-Policy': ["script-src *"] } }, (r) => (headers = r.responseHeaders));
    const values = Object.entries(headers).filter(([k]) => k.toLowerCase() === 'content-security-policy').flatMap(([, v]) => v);
    expect(values).toHaveLength(1);
    expectStrictCsp(values[0]!);
  });

  it('serves the app page with the same strict CSP', async () => {
    const res = await rec.protocolHandler!({ url: 'app://limadesk/index.html' });
    if (res.status === 200) expectStrictCsp(res.headers.get('content-security-policy') ?? '');
    else expect(res.status).toBe(404); // renderer not built: nothing served, nothing to check
  });

  it('refuses new windows, navigation, redirects and webviews; only allow-listed links reach the browser', () => {
    let openHandler: ((d: { url: string }) => unknown) | undefined;
    const listeners = new Map<string, (e: { preventDefault(): void }, url?: string) => void>();
    const contents = {
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
      on: (event: string, fn: (e: { preventDefault(): void }, url?: string) => void) => listeners.set(event, fn),
    };
    for (const fn of rec.appOn.get('web-contents-created') ?? []) fn({}, contents);
    for (const url of ['https://evil.example/', 'javascript:alert(1)', 'file:///etc/passwd', 'app://limadesk/index.html', 'https://lima-vm.io/docs/']) {
      expect(openHandler!({ url }), url).toEqual({ action: 'deny' });
    }
    expect(rec.opened).toEqual(['https://lima-vm.io/docs/']);
    for (const event of ['will-navigate', 'will-redirect']) {
      const prevented: string[] = [];
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:8080/', 'app://limadesk/index.html']) {
        listeners.get(event)!({ preventDefault: () => prevented.push(url) }, url);
      }
      expect(prevented, event).toEqual(['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:8080/']);
    }
    let webviewPrevented = false;
    listeners.get('will-attach-webview')!({ preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);
  });

  it('every IPC channel checks its sender: the main window, the top frame, the app origin', async () => {
    expect([...rec.handled.keys()].sort()).toEqual(Object.values(API_METHODS).sort());
    const sender = rec.windows[0]!.webContents;
    const appFrame = { parent: null, url: 'app://limadesk/index.html' };
    const forged = [
      { sender, senderFrame: { parent: null, url: 'https://evil.example/' } },
      { sender, senderFrame: { parent: appFrame, url: 'app://limadesk/index.html' } },
      { sender, senderFrame: { parent: null, url: 'app://elsewhere/index.html' } },
      { sender, senderFrame: { parent: null, url: 'file:///index.html' } },
      { sender: {}, senderFrame: appFrame },
      { sender, senderFrame: null },
    ];
    for (const [channel, handler] of rec.handled) {
      for (const event of forged) {
        expect(await handler(event, {}), `${channel} from ${JSON.stringify(event.senderFrame)}`).toMatchObject({ ok: false, code: 'forbidden' });
      }
    }
    // The real page gets through, and its parameters are still validated.
    const get = rec.handled.get(API_METHODS.getInstance)!;
    expect(await get({ sender, senderFrame: appFrame }, { name: '../etc' })).toMatchObject({ ok: false, code: 'invalid-request' });
    expect(await get({ sender, senderFrame: appFrame }, { name: 'demo' })).toMatchObject({ ok: true });
  });
});
