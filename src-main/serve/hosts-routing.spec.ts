import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ApiEventEnvelope, HostSettings, InstanceSummary } from '../common/api';
import { toDisposable } from '../common/disposable';
import { silentLogger } from '../common/logger';
import type { ConfirmRequest } from '../core/api/dialogs';
import { createApiDispatch, createApiHandlers } from '../core/api/handlers';
import type { HostConnection } from '../core/api/hosts/connect-host';
import { HostsService } from '../core/api/hosts/hosts-service';
import { RemoteApi } from '../core/api/hosts/remote-api';
import { withHostRouting } from '../core/api/hosts/routing';
import { InstanceCatalog } from '../core/api/local-instances';
import { createLogReader } from '../core/api/log-reader';
import { makeHello } from '../core/api/remote-protocol';
import { useTempDir } from '../../test/support/temp-dir';
import { serveStdio } from './stdio-server';

// The routing of this machine's API to another host's, with the other host's `serve --stdio`
// in this process over two pipes (what ssh carries; the ssh side is the e2e tests' subject).
function instance(home: string, name: string): void {
  mkdirSync(path.join(home, name), { recursive: true });
  writeFileSync(path.join(home, name, 'lima.yaml'), 'images:\n- location: /nonexistent/x.img\n  arch: x86_64\n');
}

function connectInProcess(remoteHome: string) {
  return async (settings: HostSettings, options: { onEvent?: (e: ApiEventEnvelope) => void }): Promise<HostConnection> => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const handlers = createApiHandlers({ catalog: new InstanceCatalog(remoteHome), logs: createLogReader(remoteHome) });
    void serveStdio({ input: toServer, output: toClient, dispatch: createApiDispatch(handlers), subscribe: () => toDisposable(() => undefined), logger: silentLogger, hello: makeHello('1'), setOrigins: () => undefined });
    const api = new RemoteApi({ input: toClient, output: toServer, hello: makeHello('1'), there: `host "${settings.name}"`, onEvent: options.onEvent ?? (() => undefined) });
    const hello = await api.ready;
    return {
      settings,
      hello,
      api,
      notes: [],
      closed: api.ended.then((message) => ({ problem: 'dropped' as const, message })),
      localUrl: () => Promise.reject(new Error('no forwards over pipes')),
      onSession: () => undefined,
      close: async () => api.end('closed'),
    };
  };
}

describe("this machine's API routed to another host", () => {
  let dir = '';
  useTempDir('ld-route-', (d) => (dir = d));

  async function setup(answer: boolean) {
    const localHome = path.join(dir, 'local');
    const remoteHome = path.join(dir, 'remote');
    instance(localHome, 'dev');
    instance(remoteHome, 'dev');
    instance(remoteHome, 'build');
    const asked: ConfirmRequest[] = [];
    const dialogs = { confirm: async (r: ConfirmRequest) => (asked.push(r), answer), showError: async () => undefined };
    const events: ApiEventEnvelope[] = [];
    const hosts = new HostsService({ file: path.join(dir, 'config', 'hosts.json'), emit: (e) => events.push(e), limadeskVersion: '1', logger: silentLogger, connect: connectInProcess(remoteHome) });
    await hosts.start();
    const local = createApiHandlers({ catalog: new InstanceCatalog(localHome), logs: createLogReader(localHome), dialogs });
    const api = withHostRouting(local, hosts, { dialogs, origins: () => [] });
    const added = await api.addHost({ name: 'box', destination: 'me@box' });
    expect(added).toMatchObject({ ok: true, value: { host: { name: 'box', state: 'connected' } } });
    await expect.poll(() => hosts.instances().length).toBe(2);
    return { api, hosts, asked, events, remoteHome };
  }

  it('lists both machines, each instance with its host, and answers by host', async () => {
    const { api, hosts } = await setup(true);
    const list = await api.listInstances({});
    expect(list.ok && list.value.map((i: InstanceSummary) => `${i.name}@${i.host ?? 'here'}`).sort()).toEqual(['build@box', 'dev@box', 'dev@here']);
    expect(await api.getInstance({ name: 'dev', host: 'box' })).toMatchObject({ ok: true, value: { name: 'dev', host: 'box', dir: expect.stringContaining('remote') } });
    expect(await api.getInstance({ name: 'dev' })).toMatchObject({ ok: true, value: { name: 'dev', dir: expect.stringContaining('local') } });
    expect((await api.getInstance({ name: 'dev' })) as { value: InstanceSummary }).not.toMatchObject({ value: { host: expect.anything() } });
    expect(await api.getInstance({ name: 'dev', host: 'mini' })).toMatchObject({ ok: false, code: 'not-found', message: expect.stringContaining('no host named "mini"') });
    expect(await api.listHosts({})).toMatchObject({ ok: true, value: { hosts: [{ name: 'box', state: 'connected', instanceCount: 2, remote: { api: 1 } }] } });
    await hosts.close();
  });

  it('asks here before deleting there, naming the host, and a no leaves the instance', async () => {
    const { api, hosts, asked, remoteHome } = await setup(false);
    expect(await api.deleteInstance({ name: 'build', host: 'box' })).toMatchObject({ ok: false, code: 'cancelled', message: 'deleting "build" on box was cancelled' });
    expect(asked).toEqual([expect.objectContaining({ message: 'Delete the instance "build" on box?', destructive: true })]);
    expect(existsSync(path.join(remoteHome, 'build'))).toBe(true);
    await hosts.close();
  });

  it('a yes deletes it on the host only; removing the host takes its instances out of the list', async () => {
    const { api, hosts, asked, remoteHome } = await setup(true);
    expect(await api.deleteInstance({ name: 'build', host: 'box' })).toEqual({ ok: true, value: { deleted: 'build' } });
    expect(asked).toHaveLength(1);
    expect(existsSync(path.join(remoteHome, 'build'))).toBe(false);
    expect(existsSync(path.join(dir, 'local', 'dev'))).toBe(true);
    expect(await api.removeHost({ name: 'box' })).toEqual({ ok: true, value: { removed: 'box' } });
    const list = await api.listInstances({});
    expect(list.ok && list.value.map((i: InstanceSummary) => i.host ?? 'here')).toEqual(['here']);
    await hosts.close();
  });
});
