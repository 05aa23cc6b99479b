import { describe, expect, it } from 'vitest';
import type { ApiEvent, ApiEventName, ApiResult, InstanceSummary } from '../../src-main/common/api';
import { createDraftStorage } from '../editor/drafts';
import { connectStore, createAppStore } from './create-store';
import type { StoreBackend } from './create-store';
import { draftStorageOf } from './drafts-slice';

function summary(name: string, status: InstanceSummary['status'], cpus = 2): InstanceSummary {
  return { name, status, dir: `/lima/${name}`, vmType: 'qemu', arch: 'x86_64', cpus, memory: 4 << 30, disk: 100 << 30, sshLocalPort: 60022, message: '', protected: false, errors: [] };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** An API double that records the call order and lets the test decide when answers arrive. */
function fakeApi() {
  const calls: string[] = [];
  const listeners = new Map<ApiEventName, Set<(payload: never) => void>>();
  const pending = {
    list: [] as Deferred<ApiResult<InstanceSummary[]>>[],
    action: [] as Deferred<ApiResult<unknown>>[],
  };
  const action = (method: string) => (params: unknown) => {
    calls.push(`${method} ${JSON.stringify(params)}`);
    const d = deferred<ApiResult<unknown>>();
    pending.action.push(d);
    return d.promise as never;
  };
  const api: StoreBackend = {
    on(event, listener) {
      calls.push(`on ${event}`);
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
    listInstances() {
      calls.push('listInstances');
      const d = deferred<ApiResult<InstanceSummary[]>>();
      pending.list.push(d);
      return d.promise;
    },
    startInstance: action('startInstance'),
    stopInstance: action('stopInstance'),
    restartInstance: action('restartInstance'),
    deleteInstance: action('deleteInstance'),
    watchUsage: action('watchUsage'),
    unwatchUsage: action('unwatchUsage'),
    getUsage: action('getUsage'),
    listPortForwards: action('listPortForwards'),
    openTunnel: action('openTunnel'),
    doctor: action('doctor'),
  };
  function emit<E extends ApiEventName>(event: E, payload: ApiEvent<E>) {
    for (const l of listeners.get(event) ?? []) (l as (p: ApiEvent<E>) => void)(payload);
  }
  return { api, calls, pending, emit, listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}

function memoryDrafts() {
  const backing = new Map<string, string>();
  return {
    backing,
    storage: createDraftStorage({ getItem: (k) => backing.get(k) ?? null, setItem: (k, v) => void backing.set(k, v), removeItem: (k) => void backing.delete(k) }),
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('app store', () => {
  it('subscribes to events before fetching the list, and unsubscribes', () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api, { drafts: memoryDrafts().storage });
    const disconnect = connectStore(store, fake.api);
    expect(fake.calls).toEqual(['on instanceStatusChanged', 'on bootStage', 'on downloadProgress', 'on usageSampled', 'on portForwardChanged', 'on transferProgress', 'listInstances']);
    expect(store.getState().listState.loading).toBe(true);
    disconnect();
    expect(fake.listenerCount()).toBe(0);
  });

  it('keeps an event that is newer than a late snapshot', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api, { drafts: memoryDrafts().storage });
    connectStore(store, fake.api);
    fake.emit('instanceStatusChanged', { name: 'a', status: 'Running', previous: 'Stopped', instance: summary('a', 'Running') });
    fake.emit('instanceStatusChanged', { name: 'gone', status: 'Deleted', previous: 'Stopped', instance: null });
    fake.pending.list[0]!.resolve({ ok: true, value: [summary('a', 'Stopped'), summary('b', 'Stopped'), summary('gone', 'Stopped')] });
    await flush();
    const s = store.getState();
    expect(Object.keys(s.instances).sort()).toEqual(['a', 'b']);
    expect(s.instances.a!.summary.status).toBe('Running');
    expect(s.instances.b!.summary.status).toBe('Stopped');
    expect(s.listState).toEqual({ loading: false });
  });

  it('lets a snapshot replace older state and drop instances that are gone', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api, { drafts: memoryDrafts().storage });
    store.getState().receiveSummary(summary('old', 'Stopped'));
    store.getState().receiveSummary(summary('a', 'Stopped', 1));
    const refresh = store.getState().refreshInstances();
    fake.pending.list[0]!.resolve({ ok: true, value: [summary('a', 'Stopped', 4)] });
    await refresh;
    expect(Object.keys(store.getState().instances)).toEqual(['a']);
    expect(store.getState().instances.a!.summary.cpus).toBe(4);
  });

  it('reports a failed list with its message', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api, { drafts: memoryDrafts().storage });
    const refresh = store.getState().refreshInstances();
    fake.pending.list[0]!.resolve({ ok: false, code: 'internal', message: 'LIMA_HOME /x is not readable' });
    await refresh;
    expect(store.getState().listState).toEqual({ loading: false, error: 'LIMA_HOME /x is not readable' });
  });

  it('runs one action per instance, applies its result and explains failures', async () => {
    const fake = fakeApi();
    let t = 1000;
    const store = createAppStore(fake.api, { drafts: memoryDrafts().storage, now: () => t++ });
    store.getState().receiveSummary(summary('a', 'Stopped'));

    const start = store.getState().runAction('a', 'start');
    expect(Object.values(store.getState().ops)).toMatchObject([{ name: 'a', action: 'start', state: 'running' }]);
    expect(await store.getState().runAction('a', 'stop')).toBeUndefined();
    expect(fake.calls).toEqual(['startInstance {"name":"a"}']);

    fake.pending.action[0]!.resolve({ ok: true, value: { instance: summary('a', 'Running') } });
    const done = await start;
    expect(done).toMatchObject({ state: 'succeeded', startedAt: 1000, finishedAt: 1001 });
    expect(store.getState().busy).toEqual({});
    expect(store.getState().instances.a!.summary.status).toBe('Running');

    const stop = store.getState().runAction('a', 'stop', { force: true });
    fake.pending.action[1]!.resolve({ ok: false, code: 'wrong-state', message: 'a is not running' });
    expect(await stop).toMatchObject({ state: 'failed', error: { code: 'wrong-state', message: 'a is not running', hint: expect.stringMatching(/try again/) } });
    expect(fake.calls.at(-1)).toBe('stopInstance {"name":"a","force":true}');

    const del = store.getState().runAction('a', 'delete', { force: true });
    fake.pending.action[2]!.resolve({ ok: true, value: { deleted: 'a' } });
    await del;
    expect(store.getState().instances).toEqual({});
  });

  it('starts a new boot timeline on each start', () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api, { drafts: memoryDrafts().storage });
    connectStore(store, fake.api);
    fake.emit('bootStage', { name: 'a', stage: 'agent-started', time: 't1' });
    fake.emit('bootStage', { name: 'a', stage: 'qemu-started', time: 't2', message: 'pid 42' });
    expect(store.getState().bootSteps.a).toEqual([
      { stage: 'agent-started', time: 't1' },
      { stage: 'qemu-started', time: 't2', message: 'pid 42' },
    ]);
    fake.emit('bootStage', { name: 'a', stage: 'agent-started', time: 't3' });
    expect(store.getState().bootSteps.a).toEqual([{ stage: 'agent-started', time: 't3' }]);
  });

  it('tracks the image download of a starting instance', () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api, { drafts: memoryDrafts().storage });
    connectStore(store, fake.api);
    fake.emit('downloadProgress', { name: 'a', url: 'https://x/img.qcow2', receivedBytes: 10, totalBytes: 100, done: false });
    fake.emit('downloadProgress', { name: 'a', url: 'https://x/img.qcow2', receivedBytes: 100, totalBytes: 100, done: true });
    expect(store.getState().downloads.a).toEqual({ name: 'a', url: 'https://x/img.qcow2', receivedBytes: 100, totalBytes: 100, done: true });
  });

  it('keeps drafts in the store and in storage', () => {
    const fake = fakeApi();
    const drafts = memoryDrafts();
    drafts.storage.save('a', { text: 'cpus: 9', baseText: 'cpus: 2', savedAt: 'then' });
    const store = createAppStore(fake.api, { drafts: drafts.storage });
    const viaStore = draftStorageOf(store);
    expect(viaStore.load('a')?.text).toBe('cpus: 9');
    expect(store.getState().drafts.a?.text).toBe('cpus: 9');
    viaStore.save('b', { text: 'x: 1', baseText: '', savedAt: 'now' });
    expect(drafts.backing.has('limadesk.config-draft.b')).toBe(true);
    viaStore.clear('a');
    expect(Object.keys(store.getState().drafts)).toEqual(['b']);
    expect(drafts.storage.load('a')).toBeUndefined();
  });
});

describe('toasts for finished actions', () => {
  it('keeps a long failure short; the action it offers leads to the rest', async () => {
    const { toastFor } = await import('./ops-slice');
    const long = `exiting, status=${'x'.repeat(400)}`;
    const toast = toastFor({ id: '1', name: 'vm', action: 'start', state: 'failed', startedAt: 0, finishedAt: 1, error: { code: 'internal', message: long, hint: 'See the log.' } });
    expect(toast.body?.length).toBeLessThan(200);
    expect(toast.body).toMatch(/…\. See the log\.$/);
    expect(toast.action).toEqual({ label: 'Show why', href: '#/instances/vm/overview' });
  });

  it('says how long a finished action took', async () => {
    const { toastFor } = await import('./ops-slice');
    expect(toastFor({ id: '1', name: 'vm', action: 'stop', state: 'succeeded', startedAt: 0, finishedAt: 65_000 })).toEqual({ tone: 'success', title: 'vm stopped', body: 'Took 1m05s.' });
  });
});
