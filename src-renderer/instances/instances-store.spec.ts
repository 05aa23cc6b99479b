import { describe, expect, it } from 'vitest';
import type { ApiEvent, ApiEventName, ApiResult, InstanceSummary } from '../../src-main/common/api';
import { bindInstancesStore, createInstancesStore, type InstancesApi } from './instances-store';

function summary(name: string, status: InstanceSummary['status']): InstanceSummary {
  return { name, status, dir: `/h/${name}`, vmType: 'qemu', arch: 'x86_64', cpus: 4, memory: 4 << 30, disk: 100 << 30, sshLocalPort: 0, message: '', protected: false, errors: [] };
}

/** A hand-driven API: the test decides when the list answers and which events arrive. */
function fakeApi() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let answer: (r: ApiResult<InstanceSummary[]>) => void = () => undefined;
  const api: InstancesApi = {
    listInstances: () => new Promise((resolve) => (answer = resolve)),
    on: <E extends ApiEventName>(event: E, cb: (p: ApiEvent<E>) => void) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(cb as (p: unknown) => void);
      return () => set.delete(cb as (p: unknown) => void);
    },
  };
  const emit = <E extends ApiEventName>(event: E, payload: ApiEvent<E>) => listeners.get(event)?.forEach((cb) => cb(payload));
  return { api, emit, answer: (r: ApiResult<InstanceSummary[]>) => answer(r), listeners };
}

describe('instances store', () => {
  it('keeps an event newer than the list that was already on its way', async () => {
    const store = createInstancesStore();
    const fake = fakeApi();
    const off = bindInstancesStore(store, fake.api);
    fake.emit('instanceStatusChanged', { name: 'a', status: 'Running', previous: 'Stopped', instance: summary('a', 'Running') });
    fake.answer({ ok: true, value: [summary('a', 'Stopped'), summary('b', 'Stopped')] });
    await Promise.resolve();
    await Promise.resolve();
    const s = store.getState();
    expect(s.loaded).toBe(true);
    expect(s.instances.a?.status).toBe('Running');
    expect(s.instances.b?.status).toBe('Stopped');
    fake.emit('instanceStatusChanged', { name: 'b', status: 'Deleted', previous: 'Stopped', instance: null });
    expect(Object.keys(store.getState().instances)).toEqual(['a']);
    fake.emit('bootStage', { name: 'a', stage: 'ssh-ready', time: 't' });
    expect(store.getState().stages.a).toBe('ssh-ready');
    off();
    expect([...fake.listeners.values()].every((set) => set.size === 0)).toBe(true);
  });

  it('shows a failed list as an error', async () => {
    const store = createInstancesStore();
    const fake = fakeApi();
    bindInstancesStore(store, fake.api);
    fake.answer({ ok: false, code: 'internal', message: 'LIMA_HOME is unreadable' });
    await Promise.resolve();
    await Promise.resolve();
    expect(store.getState()).toMatchObject({ loaded: true, error: 'LIMA_HOME is unreadable' });
  });
});
