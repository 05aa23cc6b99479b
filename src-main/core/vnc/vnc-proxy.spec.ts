import { createHash } from 'node:crypto';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LogFields, Logger } from '../../common/logger';
import { VncProxy, type VncProxyOptions } from './vnc-proxy';

// The proxy is transport: a local TCP server stands where QEMU's VNC server would be, and
// real WebSocket clients connect through real sockets.
const PAGE_ORIGIN = 'http://127.0.0.1:4000';
const GREETING = Buffer.from('RFB 003.008\n');

interface TcpTarget {
  server: Server;
  port: number;
  sockets: Socket[];
  /** Resolves with each socket the proxy opens. */
  nextSocket(): Promise<Socket>;
}

/** Greets like a VNC server, then echoes. */
async function startTarget(onConnection: (s: Socket) => void = (s) => { s.write(GREETING); s.pipe(s); }): Promise<TcpTarget> {
  const sockets: Socket[] = [];
  const waiters: ((s: Socket) => void)[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
    onConnection(s);
    waiters.shift()?.(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    sockets,
    nextSocket: () => new Promise((r) => waiters.push(r)),
  };
}

function recordingLogger(): Logger & { lines: { message: string; fields?: LogFields }[] } {
  const lines: { message: string; fields?: LogFields }[] = [];
  const log = (message: string, fields?: LogFields): void => {
    lines.push(fields ? { message, fields } : { message });
  };
  return { lines, debug: log, info: log, warn: log, error: log };
}

/**
 * Everything a client received, collected from the moment it was made: data sent right after
 * the handshake arrives in the same read as the 101 response, before an awaiting caller could
 * attach a listener.
 */
const inboxes = new WeakMap<WebSocket, Buffer[]>();
const inbox = (ws: WebSocket): Buffer[] => inboxes.get(ws) ?? [];
const closings = new WeakMap<WebSocket, Promise<{ code: number; reason: string }>>();

/** Opens a client; resolves once open, or with the HTTP status the proxy refused it with. */
function connectClient(url: string, options: { origin?: string; protocols?: string[] } = {}): Promise<{ ws?: WebSocket; status?: number; body?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols ?? [], options.origin ? { origin: options.origin } : {});
    ws.binaryType = 'nodebuffer';
    const received: Buffer[] = [];
    inboxes.set(ws, received);
    ws.on('message', (data: Buffer) => received.push(data));
    closings.set(ws, new Promise((onClose) => ws.once('close', (code, reason) => onClose({ code, reason: reason.toString() }))));
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', reject);
  });
}

/** Resolves once `bytes` bytes have arrived in all, with all of them. */
async function receivedBytes(ws: WebSocket, bytes: number): Promise<Buffer> {
  await expect.poll(() => inbox(ws).reduce((n, b) => n + b.length, 0), { timeout: 10_000 }).toBeGreaterThanOrEqual(bytes);
  return Buffer.concat(inbox(ws));
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  const closing = closings.get(ws);
  if (!closing) throw new Error('not a client made by connectClient');
  return closing;
}

describe('VncProxy', () => {
  let target: TcpTarget;
  let proxy: VncProxy;
  let clock: number;
  let logger: ReturnType<typeof recordingLogger>;
  const clients: WebSocket[] = [];

  const makeProxy = (extra: Partial<VncProxyOptions> = {}): VncProxy =>
    new VncProxy({ allowedOrigins: () => [PAGE_ORIGIN], logger, now: () => clock, ...extra });
  const open = async (url: string, options: { origin?: string; protocols?: string[] } = { origin: PAGE_ORIGIN }): Promise<WebSocket> => {
    const r = await connectClient(url, options);
    if (!r.ws) throw new Error(`refused with ${r.status}: ${r.body}`);
    clients.push(r.ws);
    return r.ws;
  };

  beforeEach(async () => {
    clock = 1_000_000;
    logger = recordingLogger();
    target = await startTarget();
    proxy = makeProxy();
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.terminate();
    await proxy.dispose();
    for (const s of target.sockets) s.destroy();
    await new Promise((r) => target.server.close(r));
  });

  it('carries bytes both ways, including what the server sent before the WebSocket opened', async () => {
    const url = await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' });
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/vnc\/[A-Za-z0-9_-]{43}$/);
    const ws = await open(url);
    expect(await receivedBytes(ws, GREETING.length)).toEqual(GREETING);
    const payload = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    ws.send(payload);
    expect(await receivedBytes(ws, GREETING.length + payload.length)).toEqual(Buffer.concat([GREETING, payload]));
  });

  it('delivers a frame the client sends together with its upgrade request', async () => {
    // A client may write its first frame without waiting for the 101: it then arrives in the
    // same read as the request, and ws emits it as soon as the socket is handed over.
    const url = new URL(await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' }));
    const received = target.nextSocket().then(
      (s) => new Promise<Buffer>((resolve) => {
        let data = Buffer.alloc(0);
        s.on('data', (d: Buffer) => {
          data = Buffer.concat([data, d]);
          if (data.includes('early-bytes')) resolve(data);
        });
      }),
    );
    const raw = createConnection({ host: url.hostname, port: Number(url.port) });
    raw.on('error', () => undefined);
    const payload = Buffer.from('early-bytes');
    // A masked binary frame (mask 0), as a client must send it.
    const frame = Buffer.concat([Buffer.from([0x82, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
    raw.write(
      Buffer.concat([
        Buffer.from(
          `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${Buffer.alloc(16, 7).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        ),
        frame,
      ]),
    );
    try {
      expect((await received).toString()).toContain('early-bytes');
    } finally {
      raw.destroy();
    }
  });

  it('accepts the `binary` subprotocol noVNC may ask for', async () => {
    const ws = await open(await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' }), { origin: PAGE_ORIGIN, protocols: ['binary'] });
    expect(ws.protocol).toBe('binary');
  });

  it('accepts a client without an Origin header (not a browser) by its token alone', async () => {
    const ws = await open(await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' }), {});
    expect(await receivedBytes(ws, GREETING.length)).toEqual(GREETING);
  });

  it('refuses an unknown token, a missing token and a path that is not a session with 401/401/404', async () => {
    const url = new URL(await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' }));
    const unknown = await connectClient(`ws://${url.host}/vnc/${'A'.repeat(43)}`, { origin: PAGE_ORIGIN });
    expect(unknown).toMatchObject({ status: 401, body: expect.stringContaining('unknown, used or expired') });
    expect(await connectClient(`ws://${url.host}/vnc/`, { origin: PAGE_ORIGIN })).toMatchObject({ status: 401 });
    expect(await connectClient(`ws://${url.host}/other`, { origin: PAGE_ORIGIN })).toMatchObject({ status: 404 });
    expect(target.sockets).toHaveLength(0);
  });

  it('refuses a token the second time it is used', async () => {
    const url = await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' });
    await open(url);
    expect(await connectClient(url, { origin: PAGE_ORIGIN })).toMatchObject({ status: 401 });
    expect(target.sockets).toHaveLength(1);
  });

  it('refuses another origin with 403 without using up the token', async () => {
    const url = await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' });
    expect(await connectClient(url, { origin: 'http://evil.example' })).toMatchObject({ status: 403 });
    expect(await connectClient(url, { origin: 'http://127.0.0.1:4001' })).toMatchObject({ status: 403 });
    expect(target.sockets).toHaveLength(0);
    await open(url);
  });

  it('asks for the allowed origins on every connection (the page server may learn its port later)', async () => {
    let origins: string[] = [];
    await proxy.dispose();
    proxy = makeProxy({ allowedOrigins: () => origins });
    const url = await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' });
    expect(await connectClient(url, { origin: PAGE_ORIGIN })).toMatchObject({ status: 403 });
    origins = [PAGE_ORIGIN];
    await open(url);
  });

  it('expires a token nobody used within 60 s', async () => {
    const late = await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' });
    const inTime = await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' });
    clock += 59_000;
    await open(inTime);
    clock += 1_001;
    expect(await connectClient(late, { origin: PAGE_ORIGIN })).toMatchObject({ status: 401 });
  });

  it('answers 502 when the VNC server is not there', async () => {
    const gone = await startTarget();
    await new Promise((r) => gone.server.close(r));
    const url = await proxy.openSession({ host: '127.0.0.1', port: gone.port, instance: 'vm1' });
    expect(await connectClient(url, { origin: PAGE_ORIGIN })).toMatchObject({ status: 502, body: expect.stringContaining('"vm1"') });
  });

  it('answers a plain HTTP request with 426', async () => {
    const url = new URL(await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' }));
    const res = await fetch(`http://${url.host}${url.pathname}`);
    expect(res.status).toBe(426);
  });

  it('closes the TCP side when the browser closes', async () => {
    const serverSide = target.nextSocket();
    const ws = await open(await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' }));
    const tcp = await serverSide;
    const tcpClosed = new Promise((r) => tcp.once('close', r));
    ws.close();
    await tcpClosed;
    await expect.poll(() => proxy.activeSessions).toBe(0);
  });

  it('closes the WebSocket cleanly when the VNC server hangs up, after delivering what it sent', async () => {
    await proxy.dispose();
    await new Promise((r) => target.server.close(r));
    target = await startTarget((s) => s.end(Buffer.from('last words')));
    proxy = makeProxy();
    const r = await connectClient(await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' }), { origin: PAGE_ORIGIN });
    const ws = r.ws!;
    clients.push(ws);
    const { code } = await closed(ws);
    expect(code).toBe(1000);
    expect(Buffer.concat(inbox(ws)).toString()).toBe('last words');
    await expect.poll(() => proxy.activeSessions).toBe(0);
  });

  it('closes with 1003 on a text frame: the console speaks binary only', async () => {
    const ws = await open(await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' }));
    const c = closed(ws);
    ws.send('hello');
    expect((await c).code).toBe(1003);
  });

  it('ends every session when it closes', async () => {
    const ws = await open(await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' }));
    const c = closed(ws);
    await proxy.dispose();
    expect((await c).code).toBe(1006);
  });

  it('stops reading the VM while the browser is not keeping up, then delivers every byte in order', async () => {
    const total = 64 * 1024 * 1024;
    const chunk = Buffer.alloc(256 * 1024);
    let accepted = 0;
    const sent = createHash('sha256');
    await proxy.dispose();
    await new Promise((r) => target.server.close(r));
    // Writes as fast as the proxy reads; `accepted` counts what the proxy took off the wire.
    target = await startTarget((s) => {
      let written = 0;
      const pump = (): void => {
        while (written < total) {
          chunk.fill(written / chunk.length);
          sent.update(chunk);
          written += chunk.length;
          const more = s.write(chunk, () => (accepted += chunk.length));
          if (!more) return void s.once('drain', pump);
        }
        s.end();
      };
      pump();
    });
    proxy = makeProxy({ highWaterMark: 1024 * 1024 });
    const ws = await open(await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' }));
    const got = createHash('sha256');
    let received = 0;
    ws.on('message', (d: Buffer) => {
      got.update(d);
      received += d.length;
    });
    // A stalled renderer: the client stops reading its socket.
    ws.pause();
    await new Promise((r) => setTimeout(r, 1_500));
    // Whatever got past the server is in kernel buffers or the proxy's bounded backlog.
    expect(accepted).toBeLessThan(24 * 1024 * 1024);
    const end = closed(ws);
    ws.resume();
    await end;
    expect(received).toBe(total);
    expect(got.digest('hex')).toBe(sent.digest('hex'));
  });

  it('stops reading the browser while the VM is not reading, then delivers every byte in order', async () => {
    const total = 48 * 1024 * 1024;
    let vmSide: Socket | undefined;
    const got = createHash('sha256');
    let received = 0;
    await proxy.dispose();
    await new Promise((r) => target.server.close(r));
    // A VNC server that does not read until told to.
    target = await startTarget((s) => {
      vmSide = s;
      s.pause();
      s.on('data', (d: Buffer) => {
        got.update(d);
        received += d.length;
      });
    });
    proxy = makeProxy();
    const ws = await open(await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' }));
    const sent = createHash('sha256');
    const chunk = Buffer.alloc(256 * 1024);
    for (let offset = 0; offset < total; offset += chunk.length) {
      chunk.fill(offset / chunk.length);
      sent.update(chunk);
      ws.send(chunk);
    }
    await new Promise((r) => setTimeout(r, 1_500));
    // What the proxy did not take is still queued in the client.
    expect(ws.bufferedAmount).toBeGreaterThan(total / 2);
    vmSide!.resume();
    await expect.poll(() => received, { timeout: 15_000 }).toBe(total);
    expect(got.digest('hex')).toBe(sent.digest('hex'));
  });

  it('never logs a token or a URL that contains one', async () => {
    const url = await proxy.openSession({ host: '127.0.0.1', port: target.port, instance: 'vm1' });
    const ws = await open(url);
    ws.close();
    await connectClient(url, { origin: PAGE_ORIGIN });
    const token = url.split('/').pop()!;
    const text = JSON.stringify(logger.lines);
    expect(logger.lines.length).toBeGreaterThan(2);
    expect(text).not.toContain(token);
    expect(text).toContain(token.slice(0, 6));
  });
});
