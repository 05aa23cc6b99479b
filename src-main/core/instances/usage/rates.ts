import type { InstanceUsage } from '../../../common/api';
import type { GuestMemory } from './guest-usage';

/** Everything read for one instance at one moment; counters are totals since boot. */
export interface RawSample {
  /** Wall clock, ms since the epoch (shown). */
  time: number;
  /** Monotonic clock, ms (the intervals rates are measured over). */
  clock: number;
  vcpus: number;
  hostCores: number;
  configuredMemoryBytes: number;
  cpuSeconds?: number;
  rssBytes?: number;
  disk: { virtualBytes: number; onDiskBytes: number };
  blockBytes?: { read: number; written: number };
  guestMemory?: GuestMemory;
  netBytes?: { rx: number; tx: number };
  /** The QEMU pid the counters belong to: a new pid means the counters started again. */
  pid: number;
  notes: string[];
}

/** Per second over `seconds`; undefined when a side is missing or the counter went back (a restart). */
export function ratePerSecond(previous: number | undefined, current: number | undefined, seconds: number): number | undefined {
  if (previous === undefined || current === undefined || seconds <= 0 || current < previous) return undefined;
  return (current - previous) / seconds;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * One usage figure from two samples of an instance: CPU as the QEMU process's CPU time over
 * wall time (as a share of the instance's vCPUs and of the host's cores), memory and disk
 * sizes as they are now, disk and network as rates. The first sample has no rates.
 */
export function usageFromSamples(name: string, previous: RawSample | undefined, current: RawSample): InstanceUsage {
  const comparable = previous !== undefined && previous.pid === current.pid && current.clock > previous.clock;
  const seconds = comparable ? (current.clock - previous!.clock) / 1000 : 0;
  const usage: InstanceUsage = {
    name,
    time: current.time,
    intervalMs: comparable ? Math.round(current.clock - previous!.clock) : 0,
    memory: {
      configuredBytes: current.configuredMemoryBytes,
      ...(current.rssBytes !== undefined ? { hostRssBytes: current.rssBytes } : {}),
      ...(current.guestMemory ? { guest: current.guestMemory } : {}),
    },
    disk: { ...current.disk },
  };
  if (comparable) {
    const cores = ratePerSecond(previous!.cpuSeconds, current.cpuSeconds, seconds);
    if (cores !== undefined) {
      usage.cpu = {
        vcpus: current.vcpus,
        hostCores: current.hostCores,
        percentOfVcpus: round1((cores / Math.max(1, current.vcpus)) * 100),
        percentOfHost: round1((cores / Math.max(1, current.hostCores)) * 100),
      };
    }
    const read = ratePerSecond(previous!.blockBytes?.read, current.blockBytes?.read, seconds);
    const written = ratePerSecond(previous!.blockBytes?.written, current.blockBytes?.written, seconds);
    if (read !== undefined && written !== undefined) Object.assign(usage.disk, { readBytesPerSec: Math.round(read), writeBytesPerSec: Math.round(written) });
    const rx = ratePerSecond(previous!.netBytes?.rx, current.netBytes?.rx, seconds);
    const tx = ratePerSecond(previous!.netBytes?.tx, current.netBytes?.tx, seconds);
    if (rx !== undefined && tx !== undefined) usage.network = { rxBytesPerSec: Math.round(rx), txBytesPerSec: Math.round(tx) };
  }
  if (current.notes.length > 0) usage.notes = [...current.notes];
  return usage;
}
