import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ApiEventEnvelope, ApiResult, InstanceSummary } from '../common/api';
import { toDisposable } from '../common/disposable';
import { createApiDispatch, createApiHandlers } from '../core/api/handlers';
import { InstanceCatalog } from '../core/instances/catalog';
import { createLogReader } from '../core/api/log-reader';
import { startServer, type RunningServer } from './server';

const LIMA_YAML = `# made by hand for the serve tests
images:
- location: /nonexistent/test.img
  arch: x86_64
cpus: 3
memory: 2GiB
disk: 12GiB
`;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(server: RunningServer, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function api(server: RunningServer, method: string, body: string, headers: Record<string, string> = {}): Promise<Reply> {
  return send(server, { method: 'POST', path: `/api/${method}`, headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', ...headers }, body });
}

/** Opens a WebSocket; resolves with the socket, or with the HTTP status the upgrade was refused with. */
function openWs(url: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket, accept: (m: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const m = JSON.parse(data.toString()) as Record<string, unknown>;
      if (!accept(m)) return;
      ws.off('message', onMessage);
      resolve(m);
    };
    ws.on('message', onMessage);
  });
}

describe('limadesk serve', () => {
  let home: string;
  let rendererDir: string;
  let server: RunningServer;
  const listeners = new Set<(e: ApiEventEnvelope) => void>();

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'limadesk-serve-'));
    mkdirSync(path.join(home, 'demo'));
    writeFileSync(path.join(home, 'demo', 'lima.yaml'), LIMA_YAML);
    rendererDir = path.join(home, '_renderer');
    mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title><script src="./assets/app.js"></script>');
    writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(home, 'secret.txt'), 'not for the browser');
    const catalog = new InstanceCatalog(home);
    const handlers = createApiHandlers({ catalog, logs: createLogReader(home) });
    server = await startServer({
      host: '127.0.0.1',
      port: 0,
      rendererDir,
      dispatch: createApiDispatch(handlers),
      subscribe: (l) => {
        listeners.add(l);
        return toDisposable(() => void listeners.delete(l));
      },
      batchMs: 10,
    });
  });

  afterAll(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('prints a loopback URL that carries the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers a page visit without the token, or with a wrong one, with a page that says how to get in', async () => {
    for (const [target, status] of [['/', 401], ['/?token=wrong', 403]] as const) {
      const page = await send(server, { path: target });
      expect(page.status, target).toBe(status);
      expect(String(page.headers['content-type'])).toMatch(/^text\/html/);
      expect(page.body).toContain('limadesk serve');
      expect(page.body).not.toContain(server.token);
      // Its one script, allowed by hash, sends a tab that still holds its token back in.
      expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    }
    // API clients still get JSON.
    const api401 = await send(server, { method: 'POST', path: '/api/listInstances', body: '{}' });
    expect(api401.status).toBe(401);
    expect(JSON.parse(api401.body)).toMatchObject({ ok: false, code: 'unauthorized' });
  });

  it('serves the page with a strict CSP and no cookie; its assets need no token', async () => {
    const page = await send(server, { path: `/?token=${server.token}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>t</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain(`ws://127.0.0.1:${server.port}`);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    // Cookies are not scoped by port: any other server on 127.0.0.1 would receive one.
    expect(page.headers['set-cookie']).toBeUndefined();
    const asset = await send(server, { path: '/assets/app.js' });
    expect(asset.status).toBe(200);
    expect(asset.body).toBe('console.log(1)');
    // A cookie, even one holding the token, opens nothing.
    const cookie = `limadesk_token_${server.port}=${server.token}`;
    expect((await send(server, { method: 'POST', path: '/api/listInstances', headers: { cookie }, body: '{}' })).status).toBe(401);
    expect((await send(server, { path: '/', headers: { cookie } })).status).toBe(401);
  });

  it('answers a path too long for the file system with 404', async () => {
    const reply = await send(server, { path: `/${'a'.repeat(300)}.js` });
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('answers a body over the limit with 413 and a typed error, and keeps serving', async () => {
    const reply = await api(server, 'validateConfig', JSON.stringify({ text: 'x'.repeat(10 * 1024 * 1024) }));
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, code: 'too-large', message: expect.stringMatching(/^request too large/) });
    // Also when the size is not announced: the body streams in chunks.
    const chunked = await new Promise<Reply>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/validateConfig', headers: { authorization: `Bearer ${server.token}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 'x');
      for (let i = 0; i < 10; i++) req.write(chunk);
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ ok: false, code: 'too-large' });
    expect((await api(server, 'listInstances', '{}')).status).toBe(200);
  });

  it('keeps file requests inside the renderer directory', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      expect((await send(server, { path: `${p}?token=${server.token}` })).status, p).toBe(404);
    }
  });

  it('answers API calls over HTTP with typed results from the real catalog', async () => {
    const reply = await api(server, 'listInstances', '{}');
    expect(reply.status).toBe(200);
    const result = JSON.parse(reply.body) as ApiResult<InstanceSummary[]>;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toHaveLength(1);
    expect(result.value[0]).toMatchObject({ name: 'demo', status: 'Stopped', cpus: 3, memory: 2 * 1024 ** 3, disk: 12 * 1024 ** 3 });
    const missing = JSON.parse((await api(server, 'getInstance', '{"name":"nope"}')).body) as ApiResult<unknown>;
    expect(missing).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('gives a malformed request a clear error and keeps serving', async () => {
    const bad = await api(server, 'listInstances', '{"oops":');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, code: 'invalid-request' });
    expect(JSON.parse(bad.body).message).toMatch(/not valid JSON/);
    const badParams = await api(server, 'getConfigText', '{"name":"../etc"}');
    expect(badParams.status).toBe(400);
    expect(JSON.parse(badParams.body).message).toMatch(/getConfigText: "name" must be an instance name/);
    const unknown = await api(server, 'formatDisk', '{}');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, code: 'unknown-method' });
    expect((await api(server, 'listInstances', '{}')).status).toBe(200);
  });

  it('refuses foreign Host headers and Origins (DNS rebinding, other local pages)', async () => {
    expect((await api(server, 'listInstances', '{}', { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await api(server, 'listInstances', '{}', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await api(server, 'listInstances', '{}', { origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('checks token and Origin on the WebSocket upgrade', async () => {
    const base = `ws://127.0.0.1:${server.port}/api/ws`;
    expect(await openWs(base)).toBe(401);
    expect(await openWs(`${base}?token=wrong`)).toBe(403);
    expect(await openWs(`${base}?token=${server.token}`, { origin: 'http://evil.example' })).toBe(403);
    const ws = await openWs(`${base}?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
    expect(ws).toBeInstanceOf(WebSocket);
    (ws as WebSocket).close();
  });

  it('answers requests over the WebSocket, survives garbage and pushes events', async () => {
    const ws = (await openWs(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`)) as WebSocket;
    ws.send('this is not json');
    expect(await nextMessage(ws)).toMatchObject({ id: null, result: { ok: false, code: 'invalid-request' } });
    ws.send(JSON.stringify({ id: 7, method: 'nope' }));
    expect(await nextMessage(ws)).toMatchObject({ id: 7, result: { ok: false, code: 'unknown-method' } });
    ws.send(JSON.stringify({ id: 8, method: 'listInstances', params: {} }));
    const reply = await nextMessage(ws);
    expect(reply).toMatchObject({ id: 8, result: { ok: true } });
    const pushed = nextMessage(ws, (m) => 'events' in m);
    for (const l of listeners) l({ event: 'bootStage', payload: { name: 'demo', stage: 'qemu-started', time: '2026-01-01T00:00:00.000Z' } });
    expect(await pushed).toEqual({ events: [{ event: 'bootStage', payload: { name: 'demo', stage: 'qemu-started', time: '2026-01-01T00:00:00.000Z' } }] });
    ws.close();
  });

  it('answers a WebSocket message over the limit with a typed error and keeps the connection', async () => {
    const ws = (await openWs(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`)) as WebSocket;
    ws.send(JSON.stringify({ id: 41, method: 'validateConfig', params: { text: 'x'.repeat(3 * 1024 * 1024) } }));
    expect(await nextMessage(ws)).toMatchObject({ id: 41, result: { ok: false, code: 'too-large', message: expect.stringMatching(/^request too large/) } });
    ws.send(JSON.stringify({ id: 42, method: 'listInstances', params: {} }));
    expect(await nextMessage(ws)).toMatchObject({ id: 42, result: { ok: true } });
    ws.close();
  });

  it('refuses to listen on a non-loopback address unless allowed', async () => {
    await expect(
      startServer({ host: '0.0.0.0', port: 0, rendererDir, dispatch: async () => ({ ok: true, value: null }), subscribe: () => toDisposable(() => undefined) }),
    ).rejects.toThrow(/not a loopback address.*--allow-remote/);
  });
});

describe('limadesk serve logging', () => {
  it('logs the path of a failed request, never its token', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'limadesk-serve-log-'));
    writeFileSync(path.join(home, 'index.html'), '<!doctype html>');
    const lines: string[] = [];
    const record = (message: string, fields?: Record<string, unknown>) => void lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
    const failing = await startServer({
      host: '127.0.0.1',
      port: 0,
      rendererDir: home,
      dispatch: async () => {
        throw new Error('boom');
      },
      subscribe: () => toDisposable(() => undefined),
      logger: { debug: record, info: record, warn: record, error: record },
    });
    try {
      const reply = await send(failing, { method: 'POST', path: `/api/listInstances?token=${failing.token}`, body: '{}' });
      expect(reply.status).toBe(500);
      expect(lines.join('\n')).toContain('/api/listInstances');
      expect(lines.join('\n')).not.toContain(failing.token);
    } finally {
      await failing.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
