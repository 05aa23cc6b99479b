import { describe, expect, it, vi } from 'vitest';
import type { ApiEventEnvelope, InstanceStatus } from '../common/api';

const shown = vi.hoisted(() => [] as { title: string; body: string }[]);
vi.mock('electron', () => ({
  Notification: class {
    static isSupported(): boolean {
      return true;
    }
    constructor(private readonly options: { title: string; body: string }) {}
    show(): void {
      shown.push(this.options);
    }
  },
}));

const { VmNotifier } = await import('./notifications');

function status(name: string, previous: InstanceStatus | 'Unknown', now: InstanceStatus): ApiEventEnvelope {
  return { event: 'instanceStatusChanged', payload: { name, status: now, previous, instance: null } };
}

describe('VmNotifier', () => {
  it('tells when a VM finished starting and when one stopped unasked, but not when it was asked to stop', () => {
    shown.length = 0;
    const n = new VmNotifier();
    n.handle(status('a', 'Unknown', 'Running'));
    n.handle(status('a', 'Stopped', 'Running'));
    n.handle(status('a', 'Running', 'Stopped'));
    n.expectStop('b');
    n.handle(status('b', 'Running', 'Stopped'));
    n.handle({ event: 'bootStage', payload: { name: 'c', stage: 'stopping', time: 't' } });
    n.handle(status('c', 'Running', 'Stopped'));
    n.handle(status('d', 'Running', 'Broken'));
    expect(shown.map((s) => s.title)).toEqual(['a is running', 'a stopped unexpectedly', 'd stopped unexpectedly']);
  });
});
