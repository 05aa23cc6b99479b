// @vitest-environment jsdom
import { StrictMode } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { WebSocketServer } from 'ws';
import type { ApiResult, LimadeskApi, TerminalSession } from '../../src-main/common/api';
import type { XtermModules } from './load-xterm';
import { TerminalView } from './TerminalView';

// xterm.js needs a real layout engine, so a small stand-in plays the emulator here; the real
// one runs in Chromium in test/e2e/terminal.e2e.ts. The session endpoint is a real WebSocket
// server that echoes what it receives.

class FakeTerminal {
  static created: FakeTerminal[] = [];
  cols = 80;
  rows = 24;
  written = '';
  options: Record<string, unknown> = {};
  disposed = false;
  selection = '';
  pasted: string[] = [];
  private data: Array<(d: string) => void> = [];
  constructor() {
    FakeTerminal.created.push(this);
  }
  loadAddon(): void {}
  open(): void {}
  attachCustomKeyEventHandler(): void {}
  write(d: Uint8Array | string): void {
    this.written += typeof d === 'string' ? d : new TextDecoder().decode(d);
  }
  reset(): void {
    this.written = '';
  }
  onData(l: (d: string) => void) {
    this.data.push(l);
    return { dispose: () => {} };
  }
  onBinary() {
    return { dispose: () => {} };
  }
  onResize() {
    return { dispose: () => {} };
  }
  getSelection(): string {
    return this.selection;
  }
  paste(text: string): void {
    this.pasted.push(text);
  }
  focus(): void {}
  dispose(): void {
    this.disposed = true;
  }
  type(text: string): void {
    for (const l of this.data) l(text);
  }
}

const loadFakeXterm = (): Promise<XtermModules> =>
  Promise.resolve({
    createTerminal: () => new FakeTerminal() as unknown as ReturnType<XtermModules['createTerminal']>,
    createFitAddon: () => ({ fit: () => {}, activate: () => {}, dispose: () => {} }) as unknown as ReturnType<XtermModules['createFitAddon']>,
  });

let echoUrl = '';
beforeAll(async () => {
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    disconnect(): void {}
    unobserve(): void {}
  };
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws) => ws.on('message', (data: Buffer, binary: boolean) => binary && ws.send(Buffer.concat([Buffer.from('echo:'), data]))));
  echoUrl = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/terminal/t`;
  return () => new Promise<void>((r) => wss.close(() => r()));
});

afterEach(() => {
  cleanup();
  FakeTerminal.created = [];
});

function fakeApi(answers: Array<ApiResult<TerminalSession>> = []) {
  const openTerminalSession = vi.fn(async (): Promise<ApiResult<TerminalSession>> => answers.shift() ?? { ok: true, value: { url: echoUrl } });
  return { api: { openTerminalSession } as unknown as LimadeskApi, openTerminalSession };
}

const stateText = () => screen.getByRole('status').textContent ?? '';
const terminalState = () => screen.getByRole('region', { name: 'Terminal of dev' }).getAttribute('data-terminal-state');
const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('TerminalView', () => {
  it('offers to start a stopped instance, disabled while another action runs', async () => {
    const { api } = fakeApi();
    const run = vi.fn();
    const { rerender } = render(<TerminalView api={api} name="dev" running={false} sshReady={false} loadXterm={loadFakeXterm} start={{ run, enabled: true }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Start dev' }));
    expect(run).toHaveBeenCalledTimes(1);
    rerender(<TerminalView api={api} name="dev" running={false} sshReady={false} loadXterm={loadFakeXterm} start={{ run, enabled: false, why: 'dev is busy' }} />);
    expect((screen.getByRole('button', { name: 'Start dev' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says the instance is not running and opens no session', async () => {
    const { api, openTerminalSession } = fakeApi();
    render(<TerminalView api={api} name="dev" running={false} sshReady={false} loadXterm={loadFakeXterm} />);
    await waitFor(() => expect(FakeTerminal.created).toHaveLength(1));
    expect(stateText()).toBe('dev is not running. Start it to open a terminal.');
    expect(button('Reconnect').disabled).toBe(true);
    expect(openTerminalSession).not.toHaveBeenCalled();
  });

  it('waits for SSH, then connects once with the terminal size, even under StrictMode', async () => {
    const { api, openTerminalSession } = fakeApi();
    const { rerender } = render(
      <StrictMode>
        <TerminalView api={api} name="dev" running sshReady={false} loadXterm={loadFakeXterm} />
      </StrictMode>,
    );
    await waitFor(() => expect(stateText()).toBe('Waiting for SSH in dev…'));
    rerender(
      <StrictMode>
        <TerminalView api={api} name="dev" running sshReady loadXterm={loadFakeXterm} />
      </StrictMode>,
    );
    await waitFor(() => expect(terminalState()).toBe('connected'));
    expect(stateText()).toBe('Connected to dev.');
    expect(openTerminalSession).toHaveBeenCalledTimes(1);
    expect(openTerminalSession).toHaveBeenCalledWith({ name: 'dev', cols: 80, rows: 24 });
    const live = FakeTerminal.created.filter((t) => !t.disposed);
    expect(live).toHaveLength(1);
    act(() => live[0]!.type('hi'));
    await waitFor(() => expect(live[0]!.written).toBe('echo:hi'));
  });

  it('shows why a session could not open, and Reconnect asks again', async () => {
    const { api, openTerminalSession } = fakeApi([{ ok: false, code: 'wrong-state', message: 'instance "dev" has no SSH port yet' }]);
    render(<TerminalView api={api} name="dev" running sshReady loadXterm={loadFakeXterm} />);
    await waitFor(() => expect(stateText()).toBe('Closed: instance "dev" has no SSH port yet'));
    fireEvent.click(button('Reconnect'));
    await waitFor(() => expect(terminalState()).toBe('connected'));
    expect(openTerminalSession).toHaveBeenCalledTimes(2);
  });

  it('copies the selection and pastes the clipboard into the terminal', async () => {
    const clipboard = { text: 'from clipboard', writeText: vi.fn(async (t: string) => void (clipboard.text = t)), readText: vi.fn(async () => clipboard.text) };
    Object.defineProperty(navigator, 'clipboard', { value: clipboard, configurable: true });
    const { api } = fakeApi();
    render(<TerminalView api={api} name="dev" running sshReady loadXterm={loadFakeXterm} />);
    await waitFor(() => expect(terminalState()).toBe('connected'));
    const term = FakeTerminal.created.at(-1)!;
    fireEvent.click(button('Copy the selected text'));
    await waitFor(() => expect(screen.getByText('Select text in the terminal first.')).toBeTruthy());
    term.selection = 'LIMADESK-42';
    fireEvent.click(button('Copy the selected text'));
    await waitFor(() => expect(clipboard.text).toBe('LIMADESK-42'));
    expect(screen.getByText('Copied 11 characters.')).toBeTruthy();
    fireEvent.click(button('Paste clipboard text into the terminal'));
    await waitFor(() => expect(term.pasted).toEqual(['LIMADESK-42']));
  });

  describe('a dropped file', () => {
    const dropFiles = (files: File[]) => {
      const region = screen.getByRole('region', { name: 'Terminal of dev' });
      const dataTransfer = { types: ['Files'], files, dropEffect: 'none' };
      fireEvent.dragOver(region, { dataTransfer });
      expect(region.className).toContain('is-dropping');
      fireEvent.drop(region, { dataTransfer });
    };

    it("is copied into the guest user's home with its host path, and the result said", async () => {
      const { api } = fakeApi();
      const copyToInstance = vi.fn(async () => ({ ok: true as const, value: { files: 2, bytes: 3 * 1024 } }));
      Object.assign(api, { copyToInstance });
      const paths = new Map<File, string>();
      const a = new File(['a'], 'a.txt');
      const dir = new File([], 'project');
      paths.set(a, '/home/u/a.txt').set(dir, '/home/u/project');
      render(<TerminalView api={api} name="dev" running sshReady loadXterm={loadFakeXterm} pathForFile={(f) => paths.get(f) ?? ''} />);
      dropFiles([a, dir]);
      expect(copyToInstance).toHaveBeenCalledWith({ name: 'dev', hostPaths: ['/home/u/a.txt', '/home/u/project'], guestPath: '.', recursive: true });
      await waitFor(() => expect(screen.getByText('Copied 2 files (3KiB) to dev:~')).toBeTruthy());
    });

    it('says why a copy failed', async () => {
      const { api } = fakeApi();
      Object.assign(api, { copyToInstance: async () => ({ ok: false as const, code: 'wrong-state', message: 'dev is not running' }) });
      const a = new File(['a'], 'a.txt');
      render(<TerminalView api={api} name="dev" running sshReady loadXterm={loadFakeXterm} pathForFile={() => '/home/u/a.txt'} />);
      dropFiles([a]);
      await waitFor(() => expect(screen.getByText('Could not copy a.txt to dev: dev is not running')).toBeTruthy());
    });

    it('in a browser, which gives no path, says how to copy instead', async () => {
      const { api } = fakeApi();
      const copyToInstance = vi.fn();
      Object.assign(api, { copyToInstance });
      render(<TerminalView api={api} name="dev" running sshReady loadXterm={loadFakeXterm} pathForFile={undefined} />);
      dropFiles([new File(['a'], 'a.txt')]);
      await waitFor(() => expect(screen.getByText(/A browser does not tell where a dropped file is\. .*limadesk copy -r FILE dev:/)).toBeTruthy());
      expect(copyToInstance).not.toHaveBeenCalled();
    });
  });
});
