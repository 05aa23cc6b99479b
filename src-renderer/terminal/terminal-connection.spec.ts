import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { ApiResult, TerminalSession } from '../../src-main/common/api';
import { TerminalConnection, type SocketLike, type TerminalScreen } from './terminal-connection';
import type { TerminalState } from './terminal-state';

// A real WebSocket server on 127.0.0.1 plays the main side's terminal endpoint (its SSH half
// is tested in src-main/core/terminal); the browser socket is ws's client, which has the
// same onopen/onmessage/onclose surface.

class FakeScreen implements TerminalScreen {
  cols = 80;
  rows = 24;
  written = '';
  resets = 0;
  private dataListeners: Array<(d: string) => void> = [];
  private resizeListeners: Array<(s: { cols: number; rows: number }) => void> = [];
  write(data: Uint8Array | string): void {
    this.written += typeof data === 'string' ? data : new TextDecoder().decode(data);
  }
  reset(): void {
    this.resets++;
    this.written = '';
  }
  onData(l: (d: string) => void) {
    this.dataListeners.push(l);
    return { dispose: () => (this.dataListeners = this.dataListeners.filter((x) => x !== l)) };
  }
  onBinary() {
    return { dispose: () => {} };
  }
  onResize(l: (s: { cols: number; rows: number }) => void) {
    this.resizeListeners.push(l);
    return { dispose: () => (this.resizeListeners = this.resizeListeners.filter((x) => x !== l)) };
  }
  type(text: string): void {
    for (const l of this.dataListeners) l(text);
  }
  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    for (const l of this.resizeListeners) l({ cols, rows });
  }
}

interface ServerSide {
  url: string;
  frames: Array<{ binary: boolean; text: string }>;
  sockets: WebSocket[];
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

/** Echoes binary frames back with a prefix; records every frame. */
async function startServer(): Promise<ServerSide> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const side: ServerSide = { url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/terminal/t`, frames: [], sockets: [] };
  wss.on('connection', (ws) => {
    side.sockets.push(ws);
    ws.on('message', (data: Buffer, binary: boolean) => {
      side.frames.push({ binary, text: data.toString('utf8') });
      if (binary) ws.send(Buffer.concat([Buffer.from('got:'), data]), { binary: true });
    });
  });
  closers.push(() => new Promise((r) => {
    for (const ws of wss.clients) ws.terminate();
    wss.close(() => r());
  }));
  return side;
}

function setup(answers: Array<ApiResult<TerminalSession>>) {
  const states: TerminalState[] = [];
  const screen = new FakeScreen();
  const asked: Array<{ cols: number; rows: number }> = [];
  const conn = new TerminalConnection({
    openSession: async (size) => {
      asked.push(size);
      return answers.shift() ?? { ok: false, code: 'internal', message: 'no more answers' };
    },
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    onState: (s) => states.push(s),
  });
  conn.attach(screen);
  closers.push(async () => conn.dispose());
  return { conn, states, screen, asked };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('TerminalConnection', () => {
  it('asks for a session of the screen size, then carries keys out and bytes in', async () => {
    const server = await startServer();
    const { conn, states, screen, asked } = setup([{ ok: true, value: { url: server.url } }]);
    conn.setRunning(true, true);
    await until(() => states.at(-1)?.kind === 'connected');
    expect(states.map((s) => s.kind)).toEqual(['connecting', 'connected']);
    expect(asked).toEqual([{ cols: 80, rows: 24 }]);
    screen.type('ls é\r');
    await until(() => screen.written === 'got:ls é\r');
    expect(server.frames).toContainEqual({ binary: true, text: 'ls é\r' });
  });

  it('sends the size when the socket opens and on every resize, as text frames', async () => {
    const server = await startServer();
    const { conn, states, screen } = setup([{ ok: true, value: { url: server.url } }]);
    conn.setRunning(true, true);
    await until(() => states.at(-1)?.kind === 'connected');
    screen.resize(120, 40);
    await until(() => server.frames.length >= 2);
    expect(server.frames).toEqual([
      { binary: false, text: '{"resize":[80,24]}' },
      { binary: false, text: '{"resize":[120,40]}' },
    ]);
  });

  it('shows the server close reason and does not reconnect by itself', async () => {
    const server = await startServer();
    const { conn, states } = setup([{ ok: true, value: { url: server.url } }]);
    conn.setRunning(true, true);
    await until(() => states.at(-1)?.kind === 'connected');
    server.sockets[0]!.close(1011, 'SSH to tester@127.0.0.1:60022 failed: All configured authentication methods failed');
    await until(() => states.at(-1)?.kind === 'closed');
    expect(states.at(-1)).toEqual({ kind: 'closed', reason: 'SSH to tester@127.0.0.1:60022 failed: All configured authentication methods failed' });
    conn.setRunning(true, true);
    await new Promise((r) => setTimeout(r, 50));
    expect(states.at(-1)?.kind).toBe('closed');
  });

  it('reconnects on request with a new session and a clean screen', async () => {
    const server = await startServer();
    const { conn, states, screen } = setup([{ ok: true, value: { url: server.url } }, { ok: true, value: { url: server.url } }]);
    conn.setRunning(true, true);
    await until(() => states.at(-1)?.kind === 'connected');
    screen.type('one');
    await until(() => screen.written.includes('got:one'));
    await conn.connect();
    await until(() => server.sockets.length === 2 && states.at(-1)?.kind === 'connected');
    expect(screen.written).toBe('');
    expect(screen.resets).toBe(2);
    await until(() => server.sockets[0]!.readyState === WebSocket.CLOSED);
  });

  it('says why a session could not be opened', async () => {
    const { conn, states } = setup([{ ok: false, code: 'wrong-state', message: 'expected status "Running", got "Stopped"' }]);
    conn.setRunning(true, true);
    await until(() => states.at(-1)?.kind === 'closed');
    expect(states.at(-1)).toEqual({ kind: 'closed', reason: 'expected status "Running", got "Stopped"' });
  });

  it('waits for SSH, then connects; a stop ends the session', async () => {
    const server = await startServer();
    const { conn, states } = setup([{ ok: true, value: { url: server.url } }]);
    conn.setRunning(true, false);
    expect(states).toEqual([{ kind: 'waiting-for-ssh' }]);
    conn.setRunning(true, true);
    await until(() => states.at(-1)?.kind === 'connected');
    conn.setRunning(false, false);
    expect(states.at(-1)).toEqual({ kind: 'not-running' });
    await until(() => server.sockets[0]!.readyState === WebSocket.CLOSED);
  });
});
