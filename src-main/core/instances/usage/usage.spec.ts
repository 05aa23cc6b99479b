import { describe, expect, it } from 'vitest';
import { parseGuestReport, parseMeminfo, parseNetDev } from './guest-usage';
import { parseProcStat, parsePsLine } from './process-usage';
import { ratePerSecond, usageFromSamples, type RawSample } from './rates';

// Captured from a Debian guest and a Linux host (trimmed).
const MEMINFO = 'MemTotal:         190516 kB\nMemFree:          120000 kB\nMemAvailable:     150516 kB\nBuffers:            1000 kB\nCached:            20000 kB\n';
const NETDEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
  eth0:  123456     300    0    0    0     0          0         0    65432     200    0    0    0     0       0          0
  eth1:     100       1    0    0    0     0          0         0       50       1    0    0    0     0       0          0
`;
const STAT = '4242 (qemu-system-x86 (x)) S 1 4242 4242 0 -1 4194624 1000 0 0 0 350 150 0 0 20 0 3 0 12345 1073741824 25600 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n';

describe('reading the counters', () => {
  it('takes CPU time and resident size from /proc/PID/stat, even with a command name holding ") "', () => {
    expect(parseProcStat(STAT, 100, 4096)).toEqual({ cpuSeconds: 5, rssBytes: 25600 * 4096 });
  });

  it('takes CPU time and resident size from ps on macOS', () => {
    expect(parsePsLine('  1:02.50  2048\n')).toEqual({ cpuSeconds: 62.5, rssBytes: 2 * 1024 * 1024 });
    expect(parsePsLine('1-02:00:00.00 1')).toEqual({ cpuSeconds: 86400 + 7200, rssBytes: 1024 });
    expect(() => parsePsLine('garbage')).toThrow('unreadable ps output');
  });

  it('reads the guest\'s memory as free does, and its network without lo', () => {
    expect(parseMeminfo(MEMINFO)).toEqual({ totalBytes: 190516 * 1024, availableBytes: 150516 * 1024, usedBytes: 40000 * 1024 });
    expect(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n')).toEqual({ totalBytes: 1024000, availableBytes: 400 * 1024, usedBytes: 600 * 1024 });
    expect(parseNetDev(NETDEV)).toEqual({ rxBytes: 123556, txBytes: 65482 });
    expect(parseGuestReport(MEMINFO + NETDEV)).toEqual({ memory: parseMeminfo(MEMINFO), network: parseNetDev(NETDEV) });
    expect(parseGuestReport('sh: cat: not found\n')).toEqual({});
  });
});

const sample = (clock: number, over: Partial<RawSample> = {}): RawSample => ({
  time: 1_700_000_000_000 + clock,
  clock,
  vcpus: 2,
  hostCores: 8,
  configuredMemoryBytes: 2 ** 30,
  disk: { virtualBytes: 10 * 2 ** 30, onDiskBytes: 2 ** 30 },
  pid: 4242,
  notes: [],
  ...over,
});

describe('rates', () => {
  it('are per second over the interval, and undefined when a counter went back', () => {
    expect(ratePerSecond(100, 300, 2)).toBe(100);
    expect(ratePerSecond(300, 100, 2)).toBeUndefined();
    expect(ratePerSecond(undefined, 100, 2)).toBeUndefined();
    expect(ratePerSecond(1, 2, 0)).toBeUndefined();
  });

  it('give CPU as a share of the vCPUs and of the host, disk and network per second', () => {
    const a = sample(0, { cpuSeconds: 10, blockBytes: { read: 0, written: 1000 }, netBytes: { rx: 0, tx: 0 } });
    const b = sample(2000, { cpuSeconds: 13, rssBytes: 300 * 2 ** 20, blockBytes: { read: 4096, written: 5000 }, netBytes: { rx: 2000, tx: 200 } });
    expect(usageFromSamples('vm', a, b)).toEqual({
      name: 'vm',
      time: b.time,
      intervalMs: 2000,
      // 3 s of CPU in 2 s: 1.5 cores busy, 75 % of 2 vCPUs, 18.75 % of 8 host cores.
      cpu: { vcpus: 2, hostCores: 8, percentOfVcpus: 75, percentOfHost: 18.8 },
      memory: { configuredBytes: 2 ** 30, hostRssBytes: 300 * 2 ** 20 },
      disk: { virtualBytes: 10 * 2 ** 30, onDiskBytes: 2 ** 30, readBytesPerSec: 2048, writeBytesPerSec: 2000 },
      network: { rxBytesPerSec: 1000, txBytesPerSec: 100 },
    });
  });

  it('has no rates on the first sample, nor across a restart of QEMU (a new pid)', () => {
    const first = usageFromSamples('vm', undefined, sample(0, { cpuSeconds: 10, notes: ['guest figures wait for SSH'] }));
    expect(first).toMatchObject({ intervalMs: 0, notes: ['guest figures wait for SSH'] });
    expect(first.cpu).toBeUndefined();
    const restarted = usageFromSamples('vm', sample(0, { cpuSeconds: 100 }), sample(2000, { cpuSeconds: 1, pid: 5000 }));
    expect(restarted.cpu).toBeUndefined();
    expect(restarted.intervalMs).toBe(0);
  });
});
