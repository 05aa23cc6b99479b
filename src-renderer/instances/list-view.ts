/** Which instances the list shows and in what order: search by name, a status and a host filter, a sort. */
import type { InstanceStatus, InstanceSummary } from '../../src-main/common/api';

export const SORT_KEYS = ['name', 'status', 'arch', 'cpus', 'memory', 'disk', 'ssh'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface ListSort {
  key: SortKey;
  dir: 'asc' | 'desc';
}
export const STATUS_FILTERS = ['all', 'Running', 'Stopped', 'Broken'] as const;
export type StatusFilter = 'all' | InstanceStatus;

/** Every host, this machine only (`local`), or one remote host by name. */
export type HostFilter = 'all' | 'local' | { remote: string };

export interface ListQuery {
  search: string;
  status: StatusFilter;
  /** Absent: every host. */
  host?: HostFilter;
  sort: ListSort;
}

export const DEFAULT_SORT: ListSort = { key: 'name', dir: 'asc' };

export function isListSort(value: unknown): value is ListSort {
  const v = value as ListSort | null;
  return typeof v === 'object' && v !== null && (SORT_KEYS as readonly string[]).includes(v.key) && (v.dir === 'asc' || v.dir === 'desc');
}

export function isStatusFilter(value: unknown): value is StatusFilter {
  return (STATUS_FILTERS as readonly unknown[]).includes(value);
}

// Running first: what needs attention or is in use comes before what is idle.
const STATUS_ORDER: Record<InstanceStatus, number> = { Running: 0, Broken: 1, Stopped: 2 };
const byName = (a: InstanceSummary, b: InstanceSummary) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const COMPARE: Record<SortKey, (a: InstanceSummary, b: InstanceSummary) => number> = {
  name: byName,
  status: (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status],
  arch: (a, b) => (a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0),
  cpus: (a, b) => a.cpus - b.cpus,
  memory: (a, b) => a.memory - b.memory,
  disk: (a, b) => a.disk - b.disk,
  // Instances without an SSH port (stopped) go last either way.
  ssh: (a, b) => (a.sshLocalPort || Number.MAX_SAFE_INTEGER) - (b.sshLocalPort || Number.MAX_SAFE_INTEGER),
};

function onHost(summary: InstanceSummary, host: HostFilter | undefined): boolean {
  if (host === undefined || host === 'all') return true;
  if (host === 'local') return !summary.host;
  return summary.host === host.remote;
}

/** The remote hosts the list holds instances of, by name; empty when every instance is local. */
export function remoteHosts(instances: Readonly<Record<string, { summary: InstanceSummary }>>): string[] {
  const hosts = new Set<string>();
  for (const name in instances) {
    const host = instances[name]?.summary.host;
    if (host) hosts.add(host);
  }
  return [...hosts].sort();
}

/** The names to show, in order; equal keys fall back to the name so the order is stable. */
export function visibleNames(instances: Readonly<Record<string, { summary: InstanceSummary }>>, query: ListQuery): string[] {
  const needle = query.search.trim().toLowerCase();
  const shown: InstanceSummary[] = [];
  for (const name in instances) {
    const summary = instances[name]?.summary;
    if (!summary) continue;
    if (query.status !== 'all' && summary.status !== query.status) continue;
    if (!onHost(summary, query.host)) continue;
    // A host's name finds its instances too.
    if (needle && !summary.name.toLowerCase().includes(needle) && !summary.host?.toLowerCase().includes(needle)) continue;
    shown.push(summary);
  }
  const compare = COMPARE[query.sort.key];
  const sign = query.sort.dir === 'asc' ? 1 : -1;
  shown.sort((a, b) => sign * compare(a, b) || byName(a, b));
  return shown.map((s) => s.name);
}

/** Counts per status for the filter menu. */
export function statusCounts(instances: Readonly<Record<string, { summary: InstanceSummary }>>): Record<StatusFilter, number> {
  const counts: Record<StatusFilter, number> = { all: 0, Running: 0, Stopped: 0, Broken: 0 };
  for (const name in instances) {
    const status = instances[name]?.summary.status;
    if (!status) continue;
    counts.all++;
    counts[status]++;
  }
  return counts;
}
