/**
 * Usage samples turned into what the charts draw and the text beside them says: aligned series
 * over time (seconds, as uPlot takes them) with a gap where sampling paused, and the latest
 * figures in words. A figure the sample lacks is null in a series and "—" in words; the
 * sample's notes say why.
 */
import type { InstanceUsage } from '../../src-main/common/api';
import { formatBytes, formatBytesRate } from '../instances/format';

export interface UsageSeries {
  /** Seconds since the epoch. */
  times: number[];
  /** Percent of the instance's vCPUs. */
  cpu: (number | null)[];
  /** Bytes in use: the guest's own figure once SSH is up, else QEMU's resident size on the host. */
  memory: (number | null)[];
  /** Memory in use as a percent of what there is (the guest's total, or lima.yaml's `memory:`). */
  memoryPercent: (number | null)[];
  diskRead: (number | null)[];
  diskWrite: (number | null)[];
  netRx: (number | null)[];
  netTx: (number | null)[];
}

/** The bytes in use and what they are out of, as the sample has them. */
export function memoryUse(u: InstanceUsage): { used: number; total: number; where: 'guest' | 'host' } | undefined {
  if (u.memory.guest) return { used: u.memory.guest.usedBytes, total: u.memory.guest.totalBytes, where: 'guest' };
  if (u.memory.hostRssBytes !== undefined) return { used: u.memory.hostRssBytes, total: u.memory.configuredBytes, where: 'host' };
  return undefined;
}

const SERIES_KEYS = ['cpu', 'memory', 'memoryPercent', 'diskRead', 'diskWrite', 'netRx', 'netTx'] as const;

function figures(u: InstanceUsage): Record<(typeof SERIES_KEYS)[number], number | null> {
  const mem = memoryUse(u);
  return {
    cpu: u.cpu?.percentOfVcpus ?? null,
    memory: mem?.used ?? null,
    memoryPercent: mem && mem.total > 0 ? (mem.used / mem.total) * 100 : null,
    diskRead: u.disk.readBytesPerSec ?? null,
    diskWrite: u.disk.writeBytesPerSec ?? null,
    netRx: u.network?.rxBytesPerSec ?? null,
    netTx: u.network?.txBytesPerSec ?? null,
  };
}

/**
 * The samples since `fromMs` (all by default) as aligned series. Where two samples are more
 * than three intervals apart (sampling paused, or the VM was stopped), a point with no values
 * goes between them, so the line breaks instead of bridging the pause.
 */
export function usageSeries(samples: readonly InstanceUsage[], fromMs = Number.NEGATIVE_INFINITY): UsageSeries {
  const out: UsageSeries = { times: [], cpu: [], memory: [], memoryPercent: [], diskRead: [], diskWrite: [], netRx: [], netTx: [] };
  let previous: InstanceUsage | undefined;
  for (const u of samples) {
    if (u.time < fromMs) continue;
    if (previous && u.time - previous.time > 3 * Math.max(previous.intervalMs, u.intervalMs, 2000)) {
      out.times.push((previous.time + u.time) / 2000);
      for (const key of SERIES_KEYS) out[key].push(null);
    }
    const f = figures(u);
    out.times.push(u.time / 1000);
    for (const key of SERIES_KEYS) out[key].push(f[key]);
    previous = u;
  }
  return out;
}

const pct = (n: number) => `${n < 10 && n > 0 ? n.toFixed(1) : Math.round(n)}%`;

/** The latest figures in words, each "—" when the sample does not have it. */
export function usageText(u: InstanceUsage | undefined) {
  const mem = u && memoryUse(u);
  return {
    cpu: u?.cpu ? pct(u.cpu.percentOfVcpus) : '—',
    cpuDetail: u?.cpu ? `of ${u.cpu.vcpus} vCPU${u.cpu.vcpus === 1 ? '' : 's'} · ${pct(u.cpu.percentOfHost)} of the host's ${u.cpu.hostCores} core${u.cpu.hostCores === 1 ? '' : 's'}` : 'no rate yet',
    memory: mem ? formatBytes(mem.used) : '—',
    memoryPercent: mem && mem.total > 0 ? pct((mem.used / mem.total) * 100) : '—',
    memoryDetail: mem
      ? mem.where === 'guest'
        ? `of ${formatBytes(mem.total)} in the guest${u?.memory.hostRssBytes !== undefined ? ` · QEMU holds ${formatBytes(u.memory.hostRssBytes)} on the host` : ''}`
        : `QEMU's resident size on the host, of ${formatBytes(mem.total)}`
      : 'not measured yet',
    disk: u?.disk.readBytesPerSec !== undefined || u?.disk.writeBytesPerSec !== undefined ? `${rate(u?.disk.readBytesPerSec)} read · ${rate(u?.disk.writeBytesPerSec)} written` : '—',
    diskDetail: u ? `the image takes ${formatBytes(u.disk.onDiskBytes)} of ${formatBytes(u.disk.virtualBytes)} on the host` : '',
    network: u?.network ? `${rate(u.network.rxBytesPerSec)} in · ${rate(u.network.txBytesPerSec)} out` : '—',
    diskRead: rate(u?.disk.readBytesPerSec),
    diskWrite: rate(u?.disk.writeBytesPerSec),
    netRx: rate(u?.network?.rxBytesPerSec),
    netTx: rate(u?.network?.txBytesPerSec),
  };
}

function rate(n: number | undefined): string {
  return n === undefined ? '—' : formatBytesRate(n);
}
