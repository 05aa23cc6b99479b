import { describe, expect, it } from 'vitest';
import type { ApiEventEnvelope, InstanceSummary, InstanceUsage } from '../../common/api';
import type { Instance } from '../store/instance';
import { UsageWatcher } from './usage-watcher';

const summary = (name: string, status: InstanceSummary['status'] = 'Running'): InstanceSummary => ({
  name, status, dir: `/h/${name}`, vmType: 'qemu', arch: 'x86_64', cpus: 1, memory: 1, disk: 1, sshLocalPort: 1, message: '', protected: false, errors: [],
});

function setUp(summaries: InstanceSummary[]) {
  const sampled: string[][] = [];
  let closes = 0;
  const events: ApiEventEnvelope[] = [];
  const watcher = new UsageWatcher({
    summaries: () => summaries,
    inspect: async (name) => ({ ...summary(name), status: summaries.find((s) => s.name === name)!.status }) as unknown as Instance,
    sampler: {
      sample: async (instances) => {
        sampled.push(instances.map((i) => i.name));
        return instances.map((i): InstanceUsage => ({ name: i.name, time: Date.now(), intervalMs: 0, memory: { configuredBytes: 1 }, disk: { virtualBytes: 1, onDiskBytes: 1 } }));
      },
      close: () => void closes++,
    },
    emit: (e) => events.push(e),
    intervalMs: 10,
    leaseMs: 60_000,
  });
  return { watcher, sampled, events, closes: () => closes };
}

const until = async (what: string, check: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`never: ${what}`);
};

describe('UsageWatcher', () => {
  it('samples nothing until someone watches, then the running instances, and stops when the last watcher leaves', async () => {
    const { watcher, sampled, events, closes } = setUp([summary('a'), summary('b', 'Stopped'), summary('c')]);
    await new Promise((r) => setTimeout(r, 50));
    expect(sampled).toEqual([]);
    expect(watcher.active).toBe(false);

    watcher.watch('window-1');
    watcher.watch('tab-2', ['c']);
    await until('three samples', () => sampled.length >= 3);
    expect(sampled[0]).toEqual(['a', 'c']);
    expect(events[0]).toMatchObject({ event: 'usageSampled', payload: { samples: [{ name: 'a' }, { name: 'c' }] } });
    expect(watcher.samples().map((s) => s.name)).toEqual(['a', 'c']);
    expect(watcher.historyOf('a').length).toBeGreaterThanOrEqual(3);

    watcher.unwatch('window-1');
    const narrowed = sampled.length;
    await until('a sample of c alone', () => sampled.slice(narrowed + 1).some((names) => names.join() === 'c'));

    watcher.unwatch('tab-2');
    await until('sampling to stop', () => !watcher.active);
    expect(closes()).toBeGreaterThanOrEqual(1);
    const stoppedAt = sampled.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(sampled.length).toBe(stoppedAt);
    await watcher.close();
  });

  it('stops by itself when a lease runs out (a window closed without saying so)', async () => {
    const { watcher, sampled } = setUp([summary('a')]);
    (watcher as unknown as { options: { leaseMs: number } }).options.leaseMs = 30;
    watcher.watch('gone');
    await until('sampling to stop after the lease', () => sampled.length > 0 && !watcher.active);
    await watcher.close();
  });
});
