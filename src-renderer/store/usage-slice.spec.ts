import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InstanceUsage } from '../../src-main/common/api';
import { createDraftStorage } from '../editor/drafts';
import { connectStore, createAppStore } from './create-store';
import { createFakeApi } from './fake-api';
import { mergeUsage, USAGE_WINDOW_MS } from './usage-slice';

const memoryStorage = () => {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) } as unknown as Storage;
};

function sample(name: string, time: number, cpu = 10): InstanceUsage {
  return { name, time, intervalMs: 2000, cpu: { vcpus: 2, hostCores: 2, percentOfVcpus: cpu, percentOfHost: cpu }, memory: { configuredBytes: 1 << 30 }, disk: { virtualBytes: 1 << 30, onDiskBytes: 1 << 20 } };
}

function setup() {
  const fake = createFakeApi();
  fake.handle('watchUsage', () => ({ ok: true, value: { intervalMs: 2000, leaseMs: 30_000, samples: [sample('vm', 1000)] } }));
  fake.handle('unwatchUsage', () => ({ ok: true, value: {} }));
  fake.handle('listInstances', () => ({ ok: true, value: [] }));
  const store = createAppStore(fake.api, { drafts: createDraftStorage(memoryStorage()) });
  connectStore(store, fake.api);
  const calls = (method: string) => fake.calls.filter((c) => c.method === method);
  return { fake, store, calls };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('usage sampling', () => {
  it('asks for samples while held, renews the lease at half its length, and lets go when released', async () => {
    const { store, calls } = setup();
    const release = store.getState().holdUsage();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls('watchUsage')).toHaveLength(1);
    const watcher = (calls('watchUsage')[0]!.params as { watcher: string }).watcher;
    expect(watcher).toMatch(/^dashboard-/);
    expect(store.getState().usageWatch).toEqual({ active: true, intervalMs: 2000 });
    // The answer's samples are kept.
    expect(store.getState().usage.vm?.map((s) => s.time)).toEqual([1000]);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(calls('watchUsage')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls('watchUsage')).toHaveLength(2);
    release();
    expect(calls('unwatchUsage')).toEqual([{ method: 'unwatchUsage', params: { watcher } }]);
    expect(store.getState().usageWatch.active).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls('watchUsage')).toHaveLength(2);
  });

  it('keeps one lease for several holders, and survives a hold, release and hold in a row', async () => {
    const { store, calls } = setup();
    const first = store.getState().holdUsage();
    first();
    const second = store.getState().holdUsage();
    const third = store.getState().holdUsage();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls('watchUsage')).toHaveLength(2);
    expect(calls('unwatchUsage')).toHaveLength(1);
    second();
    expect(calls('unwatchUsage')).toHaveLength(1);
    // One renewal chain, not two.
    await vi.advanceTimersByTimeAsync(15_000);
    expect(calls('watchUsage')).toHaveLength(3);
    third();
    third();
    expect(calls('unwatchUsage')).toHaveLength(2);
  });

  it('stops asking when this build cannot sample, and says why', async () => {
    const { fake, store, calls } = setup();
    fake.handle('watchUsage', () => ({ ok: false, code: 'unsupported', message: 'Usage sampling is not available in this build of Limadesk' }));
    store.getState().holdUsage();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls('watchUsage')).toHaveLength(1);
    expect(store.getState().usageWatch).toEqual({ active: false, error: 'Usage sampling is not available in this build of Limadesk' });
  });

  it('adds pushed samples per instance and fills the history from the main side, in time order', async () => {
    const { fake, store } = setup();
    fake.emit('usageSampled', { samples: [sample('vm', 5000), sample('db', 5000)] });
    fake.handle('getUsage', () => ({ ok: true, value: { samples: [sample('vm', 5000)], history: [sample('vm', 1000), sample('vm', 3000)] } }));
    await store.getState().loadUsageHistory('vm');
    expect(store.getState().usage.vm?.map((s) => s.time)).toEqual([1000, 3000, 5000]);
    expect(store.getState().usage.db?.map((s) => s.time)).toEqual([5000]);
    // A deleted instance takes its samples with it.
    store.getState().receiveDeletion('db');
    expect(store.getState().usage.db).toBeUndefined();
  });
});

describe('mergeUsage', () => {
  it('keeps ten minutes before the newest sample and one sample per time', () => {
    const old = [sample('vm', 0), sample('vm', 1000)];
    expect(mergeUsage(old, [sample('vm', 1000, 50)]).map((s) => [s.time, s.cpu?.percentOfVcpus])).toEqual([
      [0, 10],
      [1000, 50],
    ]);
    expect(mergeUsage(old, [sample('vm', USAGE_WINDOW_MS + 500)]).map((s) => s.time)).toEqual([1000, USAGE_WINDOW_MS + 500]);
  });
});
