import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiService, type ApiService } from '../../src-main/core/api/service';
import { startServer, type RunningServer } from '../../src-main/serve/server';
import { VncProxy } from '../../src-main/core/vnc/vnc-proxy';

// The two loopback listeners any local program or web page can reach: `limadesk serve`
// and the console (VNC) proxy. Without their token, or from another origin, they refuse.
let parent: string;
let service: ApiService;
let server: RunningServer;

beforeAll(async () => {
  parent = mkdtempSync(path.join(tmpdir(), 'ld-sec-net-'));
  mkdirSync(path.join(parent, 'home', 'vm1'), { recursive: true });
  writeFileSync(path.join(parent, 'home', 'vm1', 'lima.yaml'), 'images:\n- location: /nonexistent/x.img\n  arch: x86_64\n');
  mkdirSync(path.join(parent, 'renderer'));
  writeFileSync(path.join(parent, 'renderer', 'index.html'), '<!doctype html>');
  service = await createApiService({ limaHome: path.join(parent, 'home'), agent: { nodePath: process.execPath, scriptPath: '/nonexistent' }, env: {} });
  server = await startServer({ host: '127.0.0.1', port: 0, rendererDir: path.join(parent, 'renderer'), dispatch: service.dispatch, subscribe: service.subscribe });
});
afterAll(async () => {
  await server?.close();
  await service?.close();
  rmSync(parent, { recursive: true, force: true });
});

function status(options: { method?: string; path: string; headers?: Record<string, string> }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(options.method === 'POST' ? '{}' : undefined);
  });
}

function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

describe('limadesk serve refuses requests without its token or from other origins', () => {
  const self = () => `http://127.0.0.1:${server.port}`;

  it('the API', async () => {
    const post = (headers: Record<string, string>) => status({ method: 'POST', path: '/api/listInstances', headers: { 'content-type': 'application/json', ...headers } });
    expect(await post({})).toBe(401);
    expect(await post({ authorization: 'Bearer nope' })).toBe(403);
    // No cookie is set; one sent anyway (another local page could) must not authorize API calls.
    expect(await post({ cookie: `limadesk_token_${server.port}=${server.token}` })).toBe(401);
    expect(await post({ authorization: `Bearer ${server.token}`, origin: 'http://evil.example' })).toBe(403);
    expect(await post({ authorization: `Bearer ${server.token}`, origin: 'null' })).toBe(403);
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host.
    expect(await post({ authorization: `Bearer ${server.token}`, host: `evil.example:${server.port}` })).toBe(403);
    expect(await post({ authorization: `Bearer ${server.token}`, origin: self() })).toBe(200);
  });

  it('the page', async () => {
    expect(await status({ path: '/' })).toBe(401);
    expect(await status({ path: '/?token=nope' })).toBe(403);
    expect(await status({ path: `/?token=${server.token}` })).toBe(200);
  });

  it('the WebSocket', async () => {
    const ws = `ws://127.0.0.1:${server.port}/api/ws`;
    expect(await upgradeStatus(ws)).toBe(401);
    expect(await upgradeStatus(`${ws}?token=nope`)).toBe(403);
    expect(await upgradeStatus(`${ws}?token=${server.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${ws}?token=${server.token}`, { origin: self() })).toBe(101);
  });
});

describe('the console proxy refuses connections without a valid one-use token or from other origins', () => {
  let target: Server;
  let proxy: VncProxy;
  const PAGE = 'app://limadesk';

  beforeAll(async () => {
    target = createServer((s) => s.end('RFB 003.008\n'));
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    proxy = new VncProxy({ allowedOrigins: () => [PAGE] });
  });
  afterAll(async () => {
    await proxy.dispose();
    target.close();
  });

  it('checks origin before spending the token, and a token works once', async () => {
    const url = await proxy.openSession({ host: '127.0.0.1', port: (target.address() as AddressInfo).port, instance: 'vm1' });
    const base = url.slice(0, url.lastIndexOf('/') + 1);
    expect(await upgradeStatus(base)).toBe(401);
    expect(await upgradeStatus(`${base}not-a-token`)).toBe(401);
    expect(await upgradeStatus(url, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(url, { origin: `http://127.0.0.1:${server.port}` })).toBe(403);
    expect(await upgradeStatus(url, { origin: PAGE })).toBe(101);
    expect(await upgradeStatus(url, { origin: PAGE })).toBe(401);
  });
});
