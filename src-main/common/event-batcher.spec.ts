import { describe, expect, it } from 'vitest';
import type { ApiEventEnvelope } from './api';
import { createEventBatcher, type BatchTimers } from './event-batcher';

/** A clock the test advances by hand: the batcher's timer fires only when told. */
function manualTimers(): BatchTimers & { fire(): void; pending(): number } {
  let callback: (() => void) | undefined;
  return {
    setTimeout: (cb) => ((callback = cb), 1),
    clearTimeout: () => void (callback = undefined),
    fire: () => {
      const cb = callback;
      callback = undefined;
      cb?.();
    },
    pending: () => (callback ? 1 : 0),
  };
}

const progress = (received: number): ApiEventEnvelope => ({ event: 'downloadProgress', payload: { name: 'vm', url: 'u', receivedBytes: received, done: false } });
const lines = (log: 'serial' | 'ha.stderr', ...text: string[]): ApiEventEnvelope => ({ event: 'logLines', payload: { name: 'vm', log, lines: text } });

describe('createEventBatcher', () => {
  it('delivers once per interval, keeping only the latest progress of a download and merging log lines', () => {
    const delivered: ApiEventEnvelope[][] = [];
    const timers = manualTimers();
    const batcher = createEventBatcher((events) => delivered.push(events), timers);
    batcher.push(progress(1));
    batcher.push(lines('serial', 'a'));
    batcher.push(lines('serial', 'b'));
    batcher.push(progress(2));
    batcher.push(lines('ha.stderr', 'c'));
    expect(delivered).toEqual([]);
    expect(timers.pending()).toBe(1);
    timers.fire();
    expect(delivered).toEqual([[lines('serial', 'a', 'b'), progress(2), lines('ha.stderr', 'c')]]);
  });

  it('keeps status changes one by one, in order', () => {
    const delivered: ApiEventEnvelope[][] = [];
    const timers = manualTimers();
    const batcher = createEventBatcher((events) => delivered.push(events), timers);
    const stage = (s: 'qemu-started' | 'qmp-ready'): ApiEventEnvelope => ({ event: 'bootStage', payload: { name: 'vm', stage: s, time: 't' } });
    batcher.push(stage('qemu-started'));
    batcher.push(stage('qmp-ready'));
    batcher.flush();
    expect(delivered).toEqual([[stage('qemu-started'), stage('qmp-ready')]]);
    expect(timers.pending()).toBe(0);
  });

  it('drops what is queued when closed', () => {
    const delivered: ApiEventEnvelope[][] = [];
    const timers = manualTimers();
    const batcher = createEventBatcher((events) => delivered.push(events), timers);
    batcher.push(progress(1));
    batcher.close();
    timers.fire();
    batcher.flush();
    expect(delivered).toEqual([]);
  });
});
