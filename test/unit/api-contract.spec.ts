import { describe, expect, it, vi } from 'vitest';
import { API_EVENT_NAMES, API_EVENTS, API_METHOD_NAMES, API_METHODS, type ApiEventEnvelope, type LimadeskApi } from '../../src-main/common/api';
import { silentLogger } from '../../src-main/common/logger';
import { toDisposable } from '../../src-main/common/disposable';
import { createApiDispatch, createApiHandlers } from '../../src-main/core/api/handlers';
import { BRIDGE_EVENT_NAMES, BRIDGE_METHOD_NAMES, createWsBridge } from '../../src-renderer/api/ws-bridge';

// One recording stand-in for the parts of Electron the preload and the IPC wiring touch.
const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  handled: new Map<string, (event: unknown, params: unknown) => Promise<unknown>>(),
  invoke: [] as [string, unknown][],
  rendererListeners: new Map<string, Set<(event: unknown, payload: unknown) => void>>(),
}));

vi.mock('electron', () => ({
  webUtils: { getPathForFile: (file: File) => `/dropped/${file.name}` },
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value) },
  ipcRenderer: {
    invoke: (channel: string, params: unknown) => {
      electron.invoke.push([channel, params]);
      return Promise.resolve({ ok: true, value: channel });
    },
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) => {
      const set = electron.rendererListeners.get(channel) ?? new Set();
      electron.rendererListeners.set(channel, set);
      set.add(fn);
    },
    removeListener: (channel: string, fn: (event: unknown, payload: unknown) => void) => electron.rendererListeners.get(channel)?.delete(fn),
  },
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, params: unknown) => Promise<unknown>) => electron.handled.set(channel, fn),
    removeHandler: (channel: string) => electron.handled.delete(channel),
  },
}));

const methodChannels = Object.values(API_METHODS).sort();
const eventChannels = Object.values(API_EVENTS).sort();

describe('the API contract: one list, three sides', () => {
  it('names channels area:verb, each used once', () => {
    for (const channel of [...methodChannels, ...eventChannels]) expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
    expect(new Set([...methodChannels, ...eventChannels]).size).toBe(methodChannels.length + eventChannels.length);
  });

  it('preload: window.limadesk has exactly the methods plus on(), each invoking its own channel', async () => {
    await import('../../src-preload/index');
    const api = electron.exposed.get('limadesk') as LimadeskApi;
    expect(Object.keys(api).sort()).toEqual([...API_METHOD_NAMES, 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    for (const name of API_METHOD_NAMES) {
      await (api[name] as (p: unknown) => Promise<unknown>)({});
      expect(electron.invoke.at(-1)).toEqual([API_METHODS[name], {}]);
    }
  });

  it('preload: exposes only window.limadesk, the window frame as plain frozen data, a dropped file\'s path and the theme for the window', async () => {
    await import('../../src-preload/index');
    expect([...electron.exposed.keys()].sort()).toEqual(['limadesk', 'limadeskFiles', 'limadeskShell', 'limadeskWindow']);
    const windowBridge = electron.exposed.get('limadeskWindow') as { setTheme(theme: unknown): void };
    expect(Object.keys(windowBridge)).toEqual(['setTheme']);
    expect(Object.isFrozen(windowBridge)).toBe(true);
    windowBridge.setTheme('dark');
    expect(electron.invoke.at(-1)).toEqual(['window:theme', 'dark']);
    expect(() => windowBridge.setTheme('javascript:alert(1)')).toThrow('expects "system", "light" or "dark"');
    const files = electron.exposed.get('limadeskFiles') as { pathForFile(file: unknown): string };
    expect(Object.keys(files)).toEqual(['pathForFile']);
    expect(Object.isFrozen(files)).toBe(true);
    expect(files.pathForFile(new File(['x'], 'notes.txt'))).toBe('/dropped/notes.txt');
    expect(() => files.pathForFile('/etc/passwd')).toThrow('expects a File');
    const chrome = electron.exposed.get('limadeskShell') as Record<string, unknown>;
    expect(chrome).toEqual({ platform: process.platform, titleBar: process.platform === 'darwin' ? 'hiddenInset' : 'overlay' });
    expect(Object.isFrozen(chrome)).toBe(true);
    expect(Object.values(chrome).some((v) => typeof v === 'function')).toBe(false);
  });

  it('preload: on() listens on each event channel, unpacks batches and unsubscribes', async () => {
    await import('../../src-preload/index');
    const api = electron.exposed.get('limadesk') as LimadeskApi;
    for (const name of API_EVENT_NAMES) {
      const seen: unknown[] = [];
      const off = api.on(name, (p) => seen.push(p));
      const listeners = electron.rendererListeners.get(API_EVENTS[name]);
      expect(listeners?.size).toBe(1);
      for (const fn of listeners!) fn({ sender: 'ipc event object' }, [{ n: 1 }, { n: 2 }]);
      expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
      off();
      expect(electron.rendererListeners.get(API_EVENTS[name])?.size).toBe(0);
    }
    expect(() => api.on('noSuchEvent' as never, () => undefined)).toThrow(/unknown event/);
  });

  it('IPC wiring: main handles exactly the method channels, checking the sender first', async () => {
    const { registerApiIpc } = await import('../../src-main/electron/ipc');
    const calls: unknown[] = [];
    const unregister = registerApiIpc(async (method, params) => {
      calls.push([method, params]);
      return { ok: true, value: null };
    }, (event) => (event as unknown as { trusted: boolean }).trusted, silentLogger);
    expect([...electron.handled.keys()].sort()).toEqual(methodChannels);
    for (const name of API_METHOD_NAMES) {
      const handler = electron.handled.get(API_METHODS[name])!;
      expect(await handler({ trusted: false }, {})).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await handler({ trusted: true }, { name: 'x' })).toEqual({ ok: true, value: null });
      expect(calls.at(-1)).toEqual([name, { name: 'x' }]);
    }
    expect(calls).toHaveLength(API_METHOD_NAMES.length);
    await unregister.dispose();
    expect(electron.handled.size).toBe(0);
  });

  it('IPC wiring: events reach live windows on their own channels, batched', async () => {
    const { startEventPump } = await import('../../src-main/electron/event-pump');
    const sent: [string, unknown][] = [];
    const win = { isDestroyed: () => false, webContents: { isDestroyed: () => false, isCrashed: () => false, send: (c: string, p: unknown) => sent.push([c, p]) } };
    let emit: (e: ApiEventEnvelope) => void = () => undefined;
    const pump = startEventPump((l) => ((emit = l), toDisposable(() => undefined)), () => [win as never], 5);
    const samples: ApiEventEnvelope[] = [
      { event: 'instanceStatusChanged', payload: { name: 'a', status: 'Running', previous: 'Stopped', instance: null } },
      { event: 'bootStage', payload: { name: 'a', stage: 'qemu-started', time: 't' } },
      { event: 'logLines', payload: { name: 'a', log: 'serial', lines: ['x'] } },
      { event: 'downloadProgress', payload: { name: 'a', url: 'u', receivedBytes: 1, done: false } },
      { event: 'portForwardChanged', payload: { name: 'a', type: 'forwarding', protocol: 'tcp', guestAddr: '127.0.0.1:80', hostAddr: '127.0.0.1:8080' } },
      { event: 'usageSampled', payload: { samples: [{ name: 'a', time: 1, intervalMs: 0, memory: { configuredBytes: 1 }, disk: { virtualBytes: 1, onDiskBytes: 1 } }] } },
      { event: 'transferProgress', payload: { operation: 'clone', name: 'a', target: 'b', doneBytes: 1, totalBytes: 2, done: false } },
      { event: 'hostChanged', payload: { host: { name: 'box', destination: 'me@box', state: 'connected', instanceCount: 0 } } },
    ];
    expect(samples.map((s) => s.event).sort()).toEqual([...API_EVENT_NAMES].sort());
    for (const s of samples) emit(s);
    await new Promise((r) => setTimeout(r, 30));
    expect(sent.map(([c]) => c).sort()).toEqual(eventChannels);
    expect(sent.every(([, p]) => Array.isArray(p) && p.length === 1)).toBe(true);
    await pump.dispose();
  });

  it('browser bridge: exactly the methods and events of the common lists', () => {
    expect([...BRIDGE_METHOD_NAMES].sort()).toEqual([...API_METHOD_NAMES].sort());
    expect([...BRIDGE_EVENT_NAMES].sort()).toEqual([...API_EVENT_NAMES].sort());
    class NeverOpens {
      static OPEN = 1;
      readyState = 0;
      onopen = null;
      onmessage = null;
      onclose = null;
      send(): void {}
      close(): void {}
    }
    const bridge = createWsBridge('ws://127.0.0.1:1/api/ws', { WebSocketImpl: NeverOpens as unknown as typeof WebSocket });
    expect(Object.keys(bridge).sort()).toEqual([...API_METHOD_NAMES, 'on', 'close'].sort());
    bridge.close();
  });

  it('server side: the dispatcher knows every method and nothing else', async () => {
    const dispatch = createApiDispatch(createApiHandlers({ catalog: {} as never, logs: {} as never }));
    for (const name of API_METHOD_NAMES) {
      const result = await dispatch(name, 'not an object');
      expect(result, name).toMatchObject({ ok: false, code: 'invalid-request' });
    }
    expect(await dispatch('constructor', {})).toMatchObject({ ok: false, code: 'unknown-method' });
    expect(await dispatch('__proto__', {})).toMatchObject({ ok: false, code: 'unknown-method' });
  });
});
