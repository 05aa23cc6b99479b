import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { API_VERSION, type ApiEventEnvelope } from '../common/api';
import { toDisposable } from '../common/disposable';
import { silentLogger } from '../common/logger';
import { createApiDispatch, createApiHandlers } from '../core/api/handlers';
import { RemoteApi } from '../core/api/hosts/remote-api';
import { InstanceCatalog } from '../core/api/local-instances';
import { createLogReader } from '../core/api/log-reader';
import { encodeLine, makeHello } from '../core/api/remote-protocol';
import { useTempDir } from '../../test/support/temp-dir';
import { serveStdio } from './stdio-server';

// Both ends of `serve --stdio` in one process: the server over a real catalog of a throwaway
// LIMA_HOME, the client that hosts use, and two pipes standing in for ssh.
function pair(home: string, options: { serverApi?: number; clientApi?: number } = {}) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const listeners = new Set<(e: ApiEventEnvelope) => void>();
  const origins: string[][] = [];
  const handlers = createApiHandlers({ catalog: new InstanceCatalog(home), logs: createLogReader(home) });
  const served = serveStdio({
    input: toServer,
    output: toClient,
    dispatch: createApiDispatch(handlers),
    subscribe: (l) => (listeners.add(l), toDisposable(() => void listeners.delete(l))),
    logger: silentLogger,
    hello: makeHello('9.9.9', { hostname: 'remote-box', limaHome: home }, options.serverApi),
    setOrigins: (o) => origins.push(o),
    batchMs: 5,
  });
  const events: ApiEventEnvelope[] = [];
  const client = new RemoteApi({ input: toClient, output: toServer, hello: makeHello('1.0.0', {}, options.clientApi), there: 'host "box"', onEvent: (e) => events.push(e) });
  const push = (e: ApiEventEnvelope) => listeners.forEach((l) => l(e));
  return { client, served, events, push, origins, toServer, toClient };
}

describe('limadesk serve --stdio and the client hosts use', () => {
  let home = '';
  useTempDir('ld-stdio-', (d) => (home = d));

  it('says hello both ways, answers requests by id and pushes events', async () => {
    mkdirSync(path.join(home, 'vm1'));
    writeFileSync(path.join(home, 'vm1', 'lima.yaml'), 'images:\n- location: /nonexistent/x.img\n  arch: x86_64\n');
    const { client, served, events, push, toServer } = pair(home);
    expect(await client.ready).toEqual({ api: API_VERSION, limadesk: '9.9.9', hostname: 'remote-box', limaHome: home });

    const [list, missing, bad] = await Promise.all([
      client.call('listInstances', {}),
      client.call('getInstance', { name: 'nope' }),
      client.call('getInstance', { name: '../etc' }),
    ]);
    expect(list).toMatchObject({ ok: true, value: [{ name: 'vm1', status: 'Stopped' }] });
    expect(missing).toMatchObject({ ok: false, code: 'not-found' });
    expect(bad).toMatchObject({ ok: false, code: 'invalid-request' });

    push({ event: 'bootStage', payload: { name: 'vm1', stage: 'qemu-started', time: 't' } });
    await expect.poll(() => events).toEqual([{ event: 'bootStage', payload: { name: 'vm1', stage: 'qemu-started', time: 't' } }]);

    toServer.end();
    expect(await served).toBe('input-ended');
    expect(await client.ended).toBe('the connection closed');
    // A request after the end is answered at once, as unreachable.
    expect(await client.call('listInstances', {})).toMatchObject({ ok: false, code: 'unreachable', message: expect.stringContaining('host "box"') });
  });

  it('takes the origins of the client\'s pages as a message of its own, not as a request', async () => {
    const { client, origins, toServer } = pair(home);
    await client.ready;
    client.setOrigins(['http://127.0.0.1:41731', 'app://limadesk']);
    expect(await client.call('listInstances', {})).toMatchObject({ ok: true });
    expect(origins).toEqual([['http://127.0.0.1:41731', 'app://limadesk']]);
    toServer.end();
  });

  it('refuses a client of another API version, naming both versions', async () => {
    const { client, served } = pair(home, { clientApi: API_VERSION + 1 });
    const refused = await client.ready.then(() => undefined, (err: Error & { problem: string }) => err);
    expect(refused?.problem).toBe('version-mismatch');
    expect(refused?.message).toContain(`speaks API version ${API_VERSION + 1}`);
    expect(await served).toBe('refused');
  });

  it('the client refuses a server of another API version, naming both versions and both Limadesk versions', async () => {
    const { client, toServer } = pair(home, { serverApi: API_VERSION + 1 });
    const refused = await client.ready.then(() => undefined, (err: Error & { problem: string }) => err);
    expect(refused?.problem).toBe('version-mismatch');
    expect(refused?.message).toBe(
      `Limadesk 9.9.9 on host "box" speaks API version ${API_VERSION + 1}, and Limadesk 1.0.0 on this machine speaks API version ${API_VERSION}: install the same Limadesk release on both (host "box" has the newer one)`,
    );
    toServer.end();
  });

  it('the server refuses a first message that is not a hello', async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const served = serveStdio({ input: toServer, output: toClient, dispatch: async () => ({ ok: true, value: null }), subscribe: () => toDisposable(() => undefined), logger: silentLogger, hello: makeHello('1'), setOrigins: () => undefined });
    toServer.write(encodeLine({ id: 1, method: 'listInstances' }));
    expect(await served).toBe('refused');
    const lines = (toClient.read() as Buffer).toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[1]).toMatchObject({ error: { code: 'invalid-request', message: expect.stringContaining('hello') } });
  });

  it('skips what a login shell prints before the hello, answers garbage and oversized requests and keeps going', async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const client = new RemoteApi({ input: toClient, output: toServer, hello: makeHello('1'), there: 'host "box"', onEvent: () => undefined });
    toClient.write('Welcome to box!\n');
    const served = serveStdio({ input: toServer, output: toClient, dispatch: async (m) => ({ ok: true, value: m }), subscribe: () => toDisposable(() => undefined), logger: silentLogger, hello: makeHello('1'), setOrigins: () => undefined });
    await client.ready;
    expect(await client.call('listInstances', {})).toEqual({ ok: true, value: 'listInstances' });
    expect(await client.call('validateConfig', { text: 'x'.repeat(3 * 1024 * 1024) })).toMatchObject({ ok: false, code: 'too-large' });
    expect(await client.call('getInstance', { name: 'a' })).toEqual({ ok: true, value: 'getInstance' });
    toServer.end();
    await served;
  });
});
