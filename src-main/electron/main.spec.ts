import { beforeAll, describe, expect, it, vi } from 'vitest';
import { quitShell, recorder, startShell, until } from '../../test/support/fake-electron';
import { API_METHODS } from '../common/api';
import { WINDOW_THEME_CHANNEL } from '../common/window-chrome';

// Electron is replaced by the shared recorder; main.ts's wiring is checked over the real core.
vi.mock('electron', async () => (await import('../../test/support/fake-electron')).fakeElectronModule());
vi.mock('electron-log/main', async () => (await import('../../test/support/fake-electron')).fakeElectronLogModule());

const h = recorder;

describe('the Electron shell (with Electron replaced by a recorder)', () => {
  let home: string;

  beforeAll(async () => {
    home = await startShell(() => import('./main'));
  });

  it('registers app:// as a secure scheme and opens one hardened window on it', () => {
    expect(h.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const win = h.windows[0]!;
    expect(win.opts.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(win.url).toBe('app://limadesk/index.html');
    // The page draws its own title bar (the preload tells it how the window is framed).
    expect(win.opts.titleBarStyle).toBe(process.platform === 'darwin' ? 'hiddenInset' : 'hidden');
    if (process.platform !== 'darwin') expect(win.opts.titleBarOverlay).toMatchObject({ height: 40 });
  });

  it('handles every API channel, for the app page in the main window only', async () => {
    expect([...h.handled.keys()].sort()).toEqual([...Object.values(API_METHODS), WINDOW_THEME_CHANNEL].sort());
    const list = h.handled.get(API_METHODS.listInstances)!;
    const sender = h.windows[0]!.webContents;
    const fromApp = await list({ sender, senderFrame: { parent: null, url: 'app://limadesk/index.html' } }, {});
    expect(fromApp).toMatchObject({ ok: true, value: [{ name: 'demo', status: 'Stopped' }] });
    expect(await list({ sender, senderFrame: { parent: null, url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await list({ sender: {}, senderFrame: { parent: null, url: 'app://limadesk/index.html' } }, {})).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await list({ sender, senderFrame: null }, {})).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it("sets the window's native theme to the one chosen in the page, for the app page only", async () => {
    const setTheme = h.handled.get(WINDOW_THEME_CHANNEL)!;
    const sender = h.windows[0]!.webContents;
    const app = { sender, senderFrame: { parent: null, url: 'app://limadesk/index.html' } };
    expect(await setTheme(app, 'dark')).toEqual({ ok: true, value: 'dark' });
    expect(h.nativeTheme.themeSource).toBe('dark');
    expect(await setTheme({ sender, senderFrame: { parent: null, url: 'https://evil.example/' } }, 'light')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await setTheme(app, 'purple')).toMatchObject({ ok: false, code: 'invalid-request' });
    expect(h.nativeTheme.themeSource).toBe('dark');
    expect(await setTheme(app, 'system')).toEqual({ ok: true, value: 'system' });
    expect(h.nativeTheme.themeSource).toBe('system');
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

  it('on quit, leaves VMs running by default, closes what it opened, then quits', async () => {
    const stops: string[] = [];
    const stop = h.handled.get(API_METHODS.stopInstance);
    expect(stop).toBeDefined();
    h.handled.set(API_METHODS.stopInstance, async (e, p) => (stops.push(JSON.stringify(p)), stop!(e, p)));
    await quitShell(home);
    expect(stops).toEqual([]);
    // The IPC registration was disposed of: no API channel is handled any more.
    expect(h.handled.size).toBe(0);
    expect(h.quitCalls).toBe(1);
  });
});
