import { describe, expect, it } from 'vitest';
import type { InstanceUsage } from '../../src-main/common/api';
import { usageSeries, usageText } from './usage-series';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function sample(time: number, extra: Partial<InstanceUsage> = {}): InstanceUsage {
  return {
    name: 'vm',
    time,
    intervalMs: 2000,
    cpu: { vcpus: 2, hostCores: 4, percentOfVcpus: 50, percentOfHost: 25 },
    memory: { configuredBytes: GiB, hostRssBytes: 300 * MiB },
    disk: { virtualBytes: 10 * GiB, onDiskBytes: 2 * GiB, readBytesPerSec: 1024, writeBytesPerSec: 0 },
    ...extra,
  };
}

describe('usage series', () => {
  it('aligns every figure on the sample times, in seconds, with null where a sample lacks one', () => {
    const first = sample(10_000, { intervalMs: 0, cpu: undefined, disk: { virtualBytes: 10 * GiB, onDiskBytes: 2 * GiB } });
    const s = usageSeries([first, sample(12_000)]);
    expect(s.times).toEqual([10, 12]);
    expect(s.cpu).toEqual([null, 50]);
    expect(s.memory).toEqual([300 * MiB, 300 * MiB]);
    expect(s.memoryPercent[1]).toBeCloseTo(29.3, 1);
    expect(s.diskRead).toEqual([null, 1024]);
    expect(s.netRx).toEqual([null, null]);
  });

  it("prefers the guest's own memory figure once there is one", () => {
    const s = usageSeries([sample(0, { memory: { configuredBytes: GiB, hostRssBytes: 900 * MiB, guest: { totalBytes: 1000 * MiB, availableBytes: 750 * MiB, usedBytes: 250 * MiB } } })]);
    expect(s.memory).toEqual([250 * MiB]);
    expect(s.memoryPercent).toEqual([25]);
  });

  it('breaks the line where sampling paused, and starts where asked', () => {
    const s = usageSeries([sample(0), sample(2000), sample(60_000), sample(62_000)]);
    expect(s.times).toEqual([0, 2, 31, 60, 62]);
    expect(s.cpu).toEqual([50, 50, null, 50, 50]);
    expect(usageSeries([sample(0), sample(2000), sample(4000)], 2000).times).toEqual([2, 4]);
  });
});

describe('usage in words', () => {
  it('says each latest figure, and a dash for what is missing', () => {
    const t = usageText(sample(0, { network: { rxBytesPerSec: 2048, txBytesPerSec: 0 } }));
    expect(t.cpu).toBe('50%');
    expect(t.cpuDetail).toBe("of 2 vCPUs · 25% of the host's 4 cores");
    expect(t.memory).toBe('300MiB');
    expect(t.memoryDetail).toBe("QEMU's resident size on the host, of 1GiB");
    expect(t.disk).toBe('1KiB/s read · 0B/s written');
    expect(t.network).toBe('2KiB/s in · 0B/s out');
    const none = usageText(sample(0, { cpu: undefined, memory: { configuredBytes: GiB }, disk: { virtualBytes: GiB, onDiskBytes: MiB } }));
    expect([none.cpu, none.memory, none.disk, none.network]).toEqual(['—', '—', '—', '—']);
  });
});
