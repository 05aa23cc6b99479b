// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult, VncSession } from '../../src-main/common/api';
import type { ConsoleState } from './console-state';
import { FakeRfb } from './fake-rfb.test-support';
import { VncConnection, type RfbConstructor } from './vnc-connection';

const SESSION: ApiResult<VncSession> = { ok: true, value: { url: 'ws://127.0.0.1:5999/vnc/t1', password: 'pw' } };
const NO_DISPLAY: ApiResult<VncSession> = { ok: false, code: 'wrong-state', message: 'instance "dev" has no VNC display (field `video.display` is "none")' };

function setup(answers: ApiResult<VncSession>[]) {
  const states: ConsoleState[] = [];
  const sleeps: number[] = [];
  let onSleep: () => void = () => {};
  const openSession = vi.fn(async () => answers.shift() ?? SESSION);
  const conn = new VncConnection({
    openSession,
    loadRfb: () => Promise.resolve(FakeRfb as unknown as RfbConstructor),
    onState: (s) => states.push(s),
    sleep: async (ms) => {
      sleeps.push(ms);
      onSleep();
    },
  });
  return { conn, states, sleeps, openSession, duringSleep: (fn: () => void) => (onSleep = fn) };
}

afterEach(() => {
  FakeRfb.created = [];
});

describe('VncConnection', () => {
  it('retries a session refused as wrong-state (display files not written yet) and then connects', async () => {
    const { conn, states, sleeps, openSession } = setup([NO_DISPLAY, NO_DISPLAY]);
    conn.setRunning(true);
    conn.attach(document.createElement('div'));
    await vi.waitFor(() => expect(FakeRfb.created).toHaveLength(1));
    expect(openSession).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([1000, 1000]);
    expect(states).toEqual([{ kind: 'connecting' }]);
  });

  it('shows the API\'s reason when a running VM keeps refusing, e.g. one without a VNC display', async () => {
    const { conn, states, openSession } = setup(Array.from({ length: 10 }, () => NO_DISPLAY));
    conn.setRunning(true);
    conn.attach(document.createElement('div'));
    await vi.waitFor(() => expect(states.at(-1)?.kind).toBe('disconnected'));
    expect(openSession).toHaveBeenCalledTimes(5);
    expect(states.at(-1)).toEqual({ kind: 'disconnected', reason: `no VNC session: ${NO_DISPLAY.ok ? '' : NO_DISPLAY.message}` });
    expect(FakeRfb.created).toHaveLength(0);
  });

  it('stops retrying when the VM stops meanwhile', async () => {
    const { conn, states, openSession, duringSleep } = setup(Array.from({ length: 10 }, () => NO_DISPLAY));
    duringSleep(() => conn.setRunning(false));
    conn.setRunning(true);
    conn.attach(document.createElement('div'));
    await vi.waitFor(() => expect(states.at(-1)).toEqual({ kind: 'not-running' }));
    await new Promise((r) => setTimeout(r, 10));
    expect(openSession).toHaveBeenCalledTimes(1);
    expect(states.at(-1)).toEqual({ kind: 'not-running' });
  });

  it('does not connect before it has a place to draw', async () => {
    const { conn, openSession } = setup([]);
    conn.setRunning(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(openSession).not.toHaveBeenCalled();
  });

  it('disconnects its noVNC when disposed and reports nothing afterwards', async () => {
    const { conn, states } = setup([]);
    conn.setRunning(true);
    conn.attach(document.createElement('div'));
    await vi.waitFor(() => expect(FakeRfb.created).toHaveLength(1));
    const rfb = FakeRfb.created[0]!;
    conn.dispose();
    expect(rfb.disconnected).toBe(true);
    const before = states.length;
    rfb.emit('disconnect', { clean: true });
    expect(states).toHaveLength(before);
  });
});
