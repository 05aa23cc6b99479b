import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { quitShell, recorder, startShell } from '../support/fake-electron';
import { API_METHODS } from '../../src-main/common/api';
import { WINDOW_THEME_CHANNEL } from '../../src-main/common/window-chrome';

// The Electron checklist, read from what the real shell (src-main/electron/main.ts) asks of
// Electron: window options, session handlers, the CSP on every response, navigation and IPC.
// Electron itself cannot run here, so a recorder stands in for it.
vi.mock('electron', async () => (await import('../support/fake-electron')).fakeElectronModule());
vi.mock('electron-log/main', async () => (await import('../support/fake-electron')).fakeElectronLogModule());

const rec = recorder;

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
  home = await startShell(() => import('../../src-main/electron/main'));
});

afterAll(async () => {
  await quitShell(home);
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
    // The API's channels, and the one that passes the theme to the window.
    expect([...rec.handled.keys()].sort()).toEqual([...Object.values(API_METHODS), WINDOW_THEME_CHANNEL].sort());
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
