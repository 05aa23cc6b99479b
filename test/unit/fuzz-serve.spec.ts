import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createApiService, type ApiService } from '../../src-main/core/api/service';
import { startServer, type RunningServer } from '../../src-main/serve/server';
import { expectClearMessage, fuzzParams, hostileString, treeSnapshot } from './fuzz-support';

// `limadesk serve` listens on a TCP port any local program can reach: raw bytes, broken
// HTTP and junk WebSocket frames must get refusals, never a crash, a file from outside the
// renderer, a success without the token, or a write.
const SECRET = 'LIMADESK-FUZZ-SECRET-8c1f';
const TOKEN = 'fuzz-token-0123456789abcdefghijklmnopqrstuvwx';

let parent: string;
let home: string;
let service: ApiService;
let server: RunningServer;
let before: Record<string, string>;

beforeAll(async () => {
  parent = mkdtempSync(path.join(tmpdir(), 'ld-fuzz-serve-'));
  home = path.join(parent, 'home');
  const renderer = path.join(parent, 'renderer');
  mkdirSync(path.join(home, 'vm1'), { recursive: true });
  writeFileSync(path.join(home, 'vm1', 'lima.yaml'), 'images:\n- location: /nonexistent/x.img\n  arch: x86_64\n');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Limadesk</title>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  // Files a traversal would love to reach: next to the renderer, and in LIMA_HOME.
  writeFileSync(path.join(parent, 'secret.txt'), SECRET);
  writeFileSync(path.join(parent, 'secret.html'), SECRET);
  writeFileSync(path.join(home, 'vm1', 'secret.json'), JSON.stringify(SECRET));
  service = await createApiService({ limaHome: home, agent: { nodePath: process.execPath, scriptPath: '/nonexistent/cli.cjs' }, env: {} });
  server = await startServer({ host: '127.0.0.1', port: 0, rendererDir: renderer, dispatch: service.dispatch, subscribe: service.subscribe, token: TOKEN, batchMs: 10 });
  before = treeSnapshot(home);
});
afterAll(async () => {
  await server?.close();
  await service?.close();
  rmSync(parent, { recursive: true, force: true });
});

/** Sends raw bytes and collects whatever comes back until the server closes or goes quiet. */
function rawExchange(bytes: Buffer, quietMs = 300): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    const chunks: Buffer[] = [];
    let timer = setTimeout(() => socket.destroy(), quietMs);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      clearTimeout(timer);
      timer = setTimeout(() => socket.destroy(), 50);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.write(bytes);
  });
}

const PATHS = ['/', '//', '///', '//evil.example/x', '/index.html', '/assets/app.js', '/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.html',
  '/%2e%2e%2fhome%2fvm1%2fsecret.json', '//etc/passwd', '/api/listInstances', '/api/getInstance', '/api/ws', '/api/__proto__',
  '/api/putConfigText', '/api/deleteInstance', '/api/createInstance', '/\\..\\secret.txt', '/%00', '/%ZZ'];

const request = fc.record({
  method: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH') }, hostileString()),
  // eslint-disable-next-line no-control-regex -- control bytes are exactly what must be escaped in a request line
  path: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PATHS) }, hostileString().map((s) => `/${Buffer.from(s, 'utf8').toString('latin1').replace(/[\s\x00-\x1f]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`), fc.constantFrom(...PATHS).chain((p) => hostileString().map((s) => p + encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '?'))))),
  token: fc.constantFrom('none', 'query', 'bearer', 'cookie', 'wrong'),
  host: fc.oneof({ weight: 6, arbitrary: fc.constant('good') }, fc.constantFrom('evil.example', 'localhost', '127.0.0.1', ''), hostileString()),
  origin: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, fc.constantFrom('good', 'http://evil.example', 'null'), hostileString()),
  body: fc.oneof(fc.constant(''), fc.json(), hostileString(), fc.constantFrom('{"name":"vm1","force":true}', '{"name":"vm1","text":"cpus: 1"}')),
  extraHeader: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, fc.tuple(hostileString(), hostileString())),
  upgrade: fc.boolean(),
});

function buildRequest(r: fc.Arbitrary<unknown> extends never ? never : { method: string; path: string; token: string; host: string; origin?: string | undefined; body: string; extraHeader: [string, string] | null; upgrade: boolean }): { bytes: Buffer; authorized: boolean } {
  const hostHeader = r.host === 'good' ? `127.0.0.1:${server.port}` : r.host;
  let target = r.path;
  const headers: string[] = [`Host: ${hostHeader}`];
  if (r.token === 'query') target += `${target.includes('?') ? '&' : '?'}token=${TOKEN}`;
  if (r.token === 'bearer') headers.push(`Authorization: Bearer ${TOKEN}`);
  if (r.token === 'cookie') headers.push(`Cookie: limadesk_token_${server.port}=${TOKEN}`);
  if (r.token === 'wrong') headers.push(`Authorization: Bearer ${TOKEN.slice(1)}x`);
  if (r.origin !== undefined) headers.push(`Origin: ${r.origin === 'good' ? `http://${hostHeader}` : r.origin}`);
  if (r.extraHeader) headers.push(`${r.extraHeader[0]}: ${r.extraHeader[1]}`);
  if (r.upgrade) headers.push('Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==');
  const body = Buffer.from(r.body, 'utf8');
  headers.push(`Content-Length: ${body.length}`, r.upgrade ? 'Connection: Upgrade' : 'Connection: close');
  const bytes = Buffer.concat([Buffer.from(`${r.method} ${target} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`, 'utf8'), body]);
  // A cookie authorizes nothing: no cookie carries the token (any server on the host would get it).
  return { bytes, authorized: r.token === 'query' || r.token === 'bearer' };
}

describe('serve fuzzing: raw HTTP', () => {
  it('answers junk with refusals: no crash, no secret, no success without the token', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const { bytes, authorized } = buildRequest(r as never);
        const reply = await rawExchange(bytes);
        expect(reply).not.toContain(SECRET);
        if (reply === '') return; // the parser may drop a connection whose bytes are not HTTP at all
        const m = /^HTTP\/1\.1 (\d{3}) /.exec(reply);
        expect(m, reply.slice(0, 200)).not.toBeNull();
        const status = Number(m![1]);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        // Only the renderer's scripts and styles, public as any build output, load without it.
        const publicAsset = status === 200 && /content-type: text\/(javascript|css)/i.test(reply.split('\r\n\r\n', 1)[0] ?? '');
        if (status < 300 || status === 101) expect(authorized || publicAsset, `${r.method} ${r.path} answered ${status} without the token`).toBe(true);
        expect(status, reply.slice(0, 300)).not.toBe(500);
        const [head, body = ''] = reply.split('\r\n\r\n', 2);
        if (status >= 400 && r.method !== 'HEAD' && /content-type: application\/json/i.test(head ?? '')) {
          const parsed = JSON.parse(body) as { ok: boolean; message: string };
          expect(parsed.ok).toBe(false);
          expectClearMessage(parsed.message);
        }
      }),
      fuzzParams(3000),
    );
    console.info('serve HTTP statuses', Object.fromEntries(statuses));
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 401, 403]));
  }, 60_000);

  it('answers arbitrary bytes without dying', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        const reply = await rawExchange(Buffer.from(bytes), 150);
        expect(reply).not.toContain(SECRET);
      }),
      fuzzParams(500),
    );
  }, 60_000);
});

describe('serve fuzzing: WebSocket messages', () => {
  it('replies to every junk message with a failure, keeps the connection, and still serves real requests', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${TOKEN}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const replies: Array<{ id: unknown; result: { ok: boolean; code?: string; message?: string } }> = [];
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString()) as { id?: unknown; result?: { ok: boolean }; events?: unknown };
      if (m.result) replies.push(m as never);
    });
    const frame = fc.oneof(
      hostileString().map((s) => ({ text: s })),
      fc.jsonValue({ maxDepth: 3 }).map((v) => ({ text: JSON.stringify(v) ?? 'null' })),
      fc.record({ id: fc.oneof(fc.integer(), hostileString()), method: fc.oneof(hostileString(), fc.constantFrom('getInstance', 'deleteInstance', 'putConfigText')), params: fc.jsonValue({ maxDepth: 2 }) }).map((v) => ({ text: JSON.stringify(v) })),
      fc.uint8Array({ maxLength: 200 }).map((b) => ({ binary: Buffer.from(b) })),
    );
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(frame, async (f) => {
        if ('binary' in f) ws.send(f.binary, { binary: true });
        else ws.send(f.text);
        sent++;
        const want = sent;
        const deadline = Date.now() + 2000;
        while (replies.length < want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
        expect(replies.length, `no reply to message ${want}`).toBe(want);
        const last = replies.at(-1)!;
        if (!last.result.ok) expectClearMessage(last.result.message ?? '');
        expect(last.result.code).not.toBe('internal');
      }),
      fuzzParams(1500),
    );
    ws.send(JSON.stringify({ id: 'final', method: 'listInstances', params: {} }));
    await new Promise((r) => setTimeout(r, 300));
    expect(replies.find((r) => r.id === 'final')?.result.ok).toBe(true);
    ws.close();
  }, 60_000);

  it('wrote nothing under LIMA_HOME', () => {
    expect(treeSnapshot(home)).toEqual(before);
  });
});
