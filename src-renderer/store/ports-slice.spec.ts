import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortForwardInfo } from '../../src-main/common/api';
import { createDraftStorage } from '../editor/drafts';
import { connectStore, createAppStore } from './create-store';
import { createFakeApi, instanceSummary } from './fake-api';

const storage = { getItem: () => null, setItem: () => undefined, removeItem: () => undefined } as unknown as Storage;
const web: PortForwardInfo = { protocol: 'tcp', guestAddr: '127.0.0.1:8080', hostAddr: '127.0.0.1:8080', state: 'forwarding' };

function setup() {
  const fake = createFakeApi();
  let forwards: PortForwardInfo[] = [];
  fake.handle('listPortForwards', () => ({ ok: true, value: { forwards } }));
  fake.handle('listInstances', () => ({ ok: true, value: [] }));
  const store = createAppStore(fake.api, { drafts: createDraftStorage(storage) });
  connectStore(store, fake.api);
  const lists = () => fake.calls.filter((c) => c.method === 'listPortForwards').length;
  return { fake, store, lists, setForwards: (f: PortForwardInfo[]) => (forwards = f) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('port forwards in the store', () => {
  it('fetches on demand, once per burst of changes, and only for instances someone shows', async () => {
    const { fake, store, lists, setForwards } = setup();
    fake.emit('portForwardChanged', { name: 'vm', type: 'forwarding', protocol: 'tcp', guestAddr: '127.0.0.1:8080', hostAddr: '127.0.0.1:8080' });
    await vi.advanceTimersByTimeAsync(500);
    expect(lists()).toBe(0);
    await store.getState().loadPorts('vm');
    expect(store.getState().ports.vm).toEqual({ forwards: [], loading: false });
    setForwards([web]);
    for (let i = 0; i < 3; i++) fake.emit('portForwardChanged', { name: 'vm', type: 'forwarding', protocol: 'tcp', guestAddr: '127.0.0.1:8080', hostAddr: '127.0.0.1:8080' });
    await vi.advanceTimersByTimeAsync(500);
    expect(lists()).toBe(2);
    expect(store.getState().ports.vm?.forwards).toEqual([web]);
  });

  it('forgets the forwards and the tunnel of an instance that stops', async () => {
    const { fake, store } = setup();
    fake.handle('openTunnel', () => ({ ok: true, value: { port: 1080, proxyUrl: 'socks5h://127.0.0.1:1080', hostname: 'lima-vm' } }));
    await store.getState().loadPorts('vm');
    await store.getState().openTunnel('vm');
    // Asking again shows the same proxy: no second ssh.
    await store.getState().openTunnel('vm');
    expect(fake.calls.filter((c) => c.method === 'openTunnel')).toHaveLength(1);
    store.getState().receiveSummary(instanceSummary('vm', 'Stopped'));
    expect(store.getState().ports.vm).toBeUndefined();
    expect(store.getState().tunnels.vm).toBeUndefined();
  });

  it('keeps what it had and says why when the list cannot be read', async () => {
    const { fake, store } = setup();
    await store.getState().loadPorts('vm');
    fake.handle('listPortForwards', () => ({ ok: false, code: 'internal', message: 'the host agent did not answer' }));
    await store.getState().loadPorts('vm');
    expect(store.getState().ports.vm).toEqual({ forwards: [], loading: false, error: 'the host agent did not answer' });
  });
});
