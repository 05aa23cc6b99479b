// @vitest-environment jsdom
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ApiResult, LimadeskApi, VncSession } from '../../src-main/common/api';
import { ConsoleView } from './ConsoleView';
import { FakeRfb } from './fake-rfb.test-support';
import type { RfbConstructor } from './vnc-connection';

// Events played on the fake noVNC change React state, so they run inside act().
FakeRfb.dispatch = (fire) => act(fire);

const loadFake = () => Promise.resolve(FakeRfb as unknown as RfbConstructor);

function fakeApi(answers: ApiResult<VncSession>[] = []) {
  let n = 0;
  const openVncSession = vi.fn(async ({ name }: { name: string }): Promise<ApiResult<VncSession>> => {
    const next = answers.shift();
    if (next) return next;
    n++;
    return { ok: true, value: { url: `ws://127.0.0.1:5999/vnc/${name}-token-${n}`, password: `pw${n}` } };
  });
  return { api: { openVncSession } as unknown as LimadeskApi, openVncSession };
}

function stateText() {
  return screen.getByRole('status').textContent ?? '';
}

function consoleState() {
  return screen.getByRole('region', { name: 'Console of dev' }).getAttribute('data-console-state');
}

async function lastRfb(count: number): Promise<FakeRfb> {
  await waitFor(() => expect(FakeRfb.created).toHaveLength(count));
  return FakeRfb.created[count - 1]!;
}

/** Plays a QEMU login with the session's password, up to the first framebuffer. */
function login(rfb: FakeRfb) {
  rfb.emit('credentialsrequired', { types: ['password'] });
  rfb.emit('connect', {});
}

afterEach(() => {
  cleanup();
  FakeRfb.created = [];
  vi.restoreAllMocks();
});

describe('ConsoleView', () => {
  it('offers to start a stopped VM, and the offer goes once it runs', async () => {
    const { api } = fakeApi();
    const run = vi.fn();
    const { rerender } = render(<ConsoleView api={api} name="dev" running={false} loadRfb={loadFake} start={{ run, enabled: true }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Start dev' }));
    expect(run).toHaveBeenCalledTimes(1);
    rerender(<ConsoleView api={api} name="dev" running loadRfb={loadFake} start={{ run, enabled: false }} />);
    await waitFor(() => expect(consoleState()).not.toBe('not-running'));
    expect(screen.queryByRole('button', { name: 'Start dev' })).toBeNull();
  });

  it('says the VM is not running and opens no session', async () => {
    const { api, openVncSession } = fakeApi();
    render(<ConsoleView api={api} name="dev" running={false} loadRfb={loadFake} />);
    expect(stateText()).toBe('dev is not running. Start it to see its screen.');
    expect(consoleState()).toBe('not-running');
    expect((screen.getByRole('button', { name: 'Send Ctrl+Alt+Del' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Reconnect' }) as HTMLButtonElement).disabled).toBe(true);
    await Promise.resolve();
    expect(openVncSession).not.toHaveBeenCalled();
  });

  it('is a Tab stop once connected, sends keys to the VM, and Ctrl+Alt+G gives the keys back', async () => {
    const { api } = fakeApi();
    render(<ConsoleView api={api} name="dev" running loadRfb={loadFake} />);
    const rfb = await lastRfb(1);
    login(rfb);
    await waitFor(() => expect(consoleState()).toBe('connected'));
    expect(rfb.canvas.tabIndex).toBe(0);
    expect(rfb.canvas.getAttribute('aria-label')).toBe('Screen of dev: keys go to the VM; Ctrl+Alt+G gives them back');
    act(() => rfb.canvas.focus());
    expect(screen.getByText('Keys go to dev. Ctrl+Alt+G gives them back.')).toBeTruthy();
    fireEvent.keyDown(rfb.canvas, { key: 'a', code: 'KeyA' });
    fireEvent.keyDown(rfb.canvas, { key: 'Control', code: 'ControlLeft', ctrlKey: true });
    fireEvent.keyDown(rfb.canvas, { key: 'Alt', code: 'AltLeft', ctrlKey: true, altKey: true });
    fireEvent.keyDown(rfb.canvas, { key: 'g', code: 'KeyG', ctrlKey: true, altKey: true });
    fireEvent.keyUp(rfb.canvas, { key: 'g', code: 'KeyG', ctrlKey: true, altKey: true });
    // The G never reaches the VM; the focus waits for the modifiers to be released there.
    expect(rfb.keys).toEqual(['a', 'Control', 'Alt']);
    expect(document.activeElement).toBe(rfb.canvas);
    fireEvent.keyUp(rfb.canvas, { key: 'Alt', code: 'AltLeft', ctrlKey: true });
    fireEvent.keyUp(rfb.canvas, { key: 'Control', code: 'ControlLeft' });
    expect(document.activeElement?.textContent).toBe('Send Ctrl+Alt+Del');
  });

  it('connects with a fresh session, answers the password prompt and scales to the window', async () => {
    const { api, openVncSession } = fakeApi();
    render(<ConsoleView api={api} name="dev" running loadRfb={loadFake} />);
    expect(stateText()).toBe('Connecting to the screen of dev…');
    const rfb = await lastRfb(1);
    expect(openVncSession).toHaveBeenCalledWith({ name: 'dev' });
    expect(rfb.url).toBe('ws://127.0.0.1:5999/vnc/dev-token-1');
    expect(rfb.target).toBe(screen.getByRole('application'));
    expect(rfb.scaleViewport).toBe(true);
    expect(rfb.focusOnClick).toBe(true);
    expect(rfb.options?.credentials).toBeUndefined();

    rfb.emit('credentialsrequired', { types: ['password'] });
    expect(rfb.credentials).toEqual([{ password: 'pw1' }]);
    expect(consoleState()).toBe('connecting');
    // As noVNC does: the server's name comes with the handshake, before 'connect'.
    rfb.emit('desktopname', { name: 'QEMU (lima-dev)' });
    rfb.emit('connect', {});
    expect(stateText()).toBe('Connected to dev (QEMU (lima-dev)).');
    rfb.emit('desktopname', { name: 'renamed' });
    expect(stateText()).toBe('Connected to dev (renamed).');
    expect((screen.getByRole('button', { name: 'Send Ctrl+Alt+Del' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('retries a refused login with fresh sessions, then shows "wrong password" with QEMU\'s reason', async () => {
    const { api, openVncSession } = fakeApi();
    const sleeps: number[] = [];
    const sleep = async (ms: number) => void sleeps.push(ms);
    render(<ConsoleView api={api} name="dev" running loadRfb={loadFake} sleep={sleep} />);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const rfb = await lastRfb(attempt);
      expect(consoleState()).toBe('connecting');
      rfb.emit('credentialsrequired', { types: ['password'] });
      expect(rfb.credentials).toEqual([{ password: `pw${attempt}` }]);
      rfb.emit('securityfailure', { status: 1, reason: 'Authentication failed\u0000' });
      rfb.emit('disconnect', { clean: false });
    }
    await waitFor(() => expect(consoleState()).toBe('wrong-password'));
    expect(stateText()).toBe('Wrong password: the VNC server refused the login (Authentication failed).');
    expect(openVncSession).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([1500, 1500]);
  });

  it('a login refused once (the password rotating as the VM starts) connects on the retry', async () => {
    const { api } = fakeApi();
    render(<ConsoleView api={api} name="dev" running loadRfb={loadFake} sleep={() => Promise.resolve()} />);
    const first = await lastRfb(1);
    first.emit('credentialsrequired', { types: ['password'] });
    first.emit('securityfailure', { status: 1, reason: 'Authentication failed' });
    first.emit('disconnect', { clean: false });
    login(await lastRfb(2));
    expect(consoleState()).toBe('connected');
  });

  it('gives up instead of looping when the server asks for credentials twice', async () => {
    const { api } = fakeApi();
    render(<ConsoleView api={api} name="dev" running loadRfb={loadFake} sleep={() => Promise.resolve()} />);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const rfb = await lastRfb(attempt);
      rfb.emit('credentialsrequired', { types: ['password'] });
      rfb.emit('credentialsrequired', { types: ['password'] });
      expect(rfb.credentials).toHaveLength(1);
      expect(rfb.disconnected).toBe(true);
      rfb.emit('disconnect', { clean: true });
    }
    await waitFor(() => expect(consoleState()).toBe('wrong-password'));
    expect(stateText()).toContain('the server asked again for credentials');
  });

  it('names the reason of a disconnect, and Reconnect opens a new session', async () => {
    const { api, openVncSession } = fakeApi();
    render(<ConsoleView api={api} name="dev" running loadRfb={loadFake} />);
    const first = await lastRfb(1);
    login(first);
    first.emit('disconnect', { clean: false });
    expect(stateText()).toBe('Disconnected: the connection to the VM was lost.');

    fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    const second = await lastRfb(2);
    expect(openVncSession).toHaveBeenCalledTimes(2);
    expect(second.url).toBe('ws://127.0.0.1:5999/vnc/dev-token-2');
    login(second);
    expect(second.credentials).toEqual([{ password: 'pw2' }]);
    expect(consoleState()).toBe('connected');
  });

  it('tells a proxy refusal (closed before the screen) from a lost connection', async () => {
    const { api } = fakeApi();
    render(<ConsoleView api={api} name="dev" running loadRfb={loadFake} />);
    const rfb = await lastRfb(1);
    rfb.emit('disconnect', { clean: false });
    expect(stateText()).toBe('Disconnected: the VNC proxy refused or dropped the connection before the screen arrived.');
  });

  it('follows the VM: not running when it stops, connected again by itself when it runs again', async () => {
    const { api, openVncSession } = fakeApi();
    const view = render(<ConsoleView api={api} name="dev" running loadRfb={loadFake} />);
    const first = await lastRfb(1);
    login(first);

    view.rerender(<ConsoleView api={api} name="dev" running={false} loadRfb={loadFake} />);
    expect(first.disconnected).toBe(true);
    expect(consoleState()).toBe('not-running');
    // The old connection's late disconnect event must not overwrite the new state.
    first.emit('disconnect', { clean: false });
    expect(consoleState()).toBe('not-running');
    expect((screen.getByRole('application', { hidden: true }) as HTMLElement).hidden).toBe(true);

    view.rerender(<ConsoleView api={api} name="dev" running loadRfb={loadFake} />);
    const second = await lastRfb(2);
    expect(openVncSession).toHaveBeenCalledTimes(2);
    login(second);
    expect(consoleState()).toBe('connected');
  });

  it('shows the message of a session the API refuses', async () => {
    const broken = fakeApi([{ ok: false, code: 'internal', message: 'QMP query-vnc failed' }]);
    render(<ConsoleView api={broken.api} name="dev" running loadRfb={loadFake} />);
    await waitFor(() => expect(stateText()).toBe('Disconnected: no VNC session: QMP query-vnc failed'));
    expect(FakeRfb.created).toHaveLength(0);
  });

  it('reports a noVNC that fails to load', async () => {
    const { api } = fakeApi();
    render(<ConsoleView api={api} name="dev" running loadRfb={() => Promise.reject(new Error('chunk missing'))} />);
    await waitFor(() => expect(stateText()).toBe('Disconnected: could not start the console: chunk missing'));
  });

  it('keeps exactly one live connection under StrictMode', async () => {
    const { api } = fakeApi();
    render(
      <StrictMode>
        <ConsoleView api={api} name="dev" running loadRfb={loadFake} />
      </StrictMode>,
    );
    await waitFor(() => expect(FakeRfb.created.filter((r) => !r.disconnected)).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(FakeRfb.created.filter((r) => !r.disconnected)).toHaveLength(1);
    const live = FakeRfb.created.find((r) => !r.disconnected)!;
    login(live);
    expect(consoleState()).toBe('connected');
  });

  it('sends Ctrl+Alt+Del, pastes the clipboard and saves a screenshot through the live connection', async () => {
    const { api } = fakeApi();
    render(<ConsoleView api={api} name="dev" running loadRfb={loadFake} />);
    const rfb = await lastRfb(1);
    login(rfb);

    fireEvent.click(screen.getByRole('button', { name: 'Send Ctrl+Alt+Del' }));
    expect(rfb.ctrlAltDels).toBe(1);

    Object.defineProperty(navigator, 'clipboard', { value: { readText: () => Promise.resolve('ls -l\n') }, configurable: true });
    fireEvent.click(screen.getByRole('button', { name: 'Paste clipboard text into the VM' }));
    await waitFor(() => expect(rfb.pasted).toEqual(['ls -l\n']));
    expect(await screen.findByText("Sent 6 characters to the VM's clipboard.")).toBeTruthy();

    const clicks: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ href: this.href, download: this.download });
    });
    fireEvent.click(screen.getByRole('button', { name: "Save a screenshot of the VM's screen" }));
    expect(clicks).toHaveLength(1);
    expect(clicks[0]!.href).toBe('data:image/png;base64,AAAA');
    expect(clicks[0]!.download).toMatch(/^dev-console-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.png$/);
  });

  it('says so when the clipboard cannot be read', async () => {
    const { api } = fakeApi();
    render(<ConsoleView api={api} name="dev" running loadRfb={loadFake} />);
    const rfb = await lastRfb(1);
    login(rfb);
    Object.defineProperty(navigator, 'clipboard', { value: { readText: () => Promise.reject(new Error('permission denied')) }, configurable: true });
    fireEvent.click(screen.getByRole('button', { name: 'Paste clipboard text into the VM' }));
    expect(await screen.findByText('Cannot read the clipboard: permission denied')).toBeTruthy();
    expect(rfb.pasted).toEqual([]);
  });
});
