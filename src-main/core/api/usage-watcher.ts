import type { ApiEventEnvelope, InstanceSummary, InstanceUsage } from '../../common/api';
import { silentLogger, type Logger } from '../../common/logger';
import type { Instance } from '../store/instance';

export interface UsageWatcherOptions {
  /** The instances as the status watcher last saw them (no inspection per tick). */
  summaries: () => readonly InstanceSummary[];
  inspect: (name: string) => Promise<Instance>;
  sampler: { sample(instances: readonly Instance[]): Promise<InstanceUsage[]>; close(): void };
  emit: (event: ApiEventEnvelope) => void;
  logger?: Logger;
  intervalMs?: number;
  leaseMs?: number;
  historyMs?: number;
}

export const USAGE_INTERVAL_MS = 2000;
export const USAGE_LEASE_MS = 15_000;
const HISTORY_MS = 10 * 60_000;
// An instance whose summary did not change is inspected again this rarely (its pid files are what matter).
const REINSPECT_MS = 30_000;

interface Lease {
  until: number;
  names: ReadonlySet<string> | undefined;
}

/**
 * Usage sampling on demand: it runs every 2 s while at least one watcher holds a lease
 * (a window or tab that shows usage renews its lease while shown), and stops, closing its
 * SSH connections, as soon as the last lease is given back or runs out. Nothing is sampled
 * otherwise. The last 10 minutes of samples are kept for charts opened later.
 */
export class UsageWatcher {
  private readonly leases = new Map<string, Lease>();
  private readonly latest = new Map<string, InstanceUsage>();
  private readonly history = new Map<string, InstanceUsage[]>();
  private readonly inspected = new Map<string, { key: string; at: number; inst: Instance }>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly logger: Logger;

  constructor(private readonly options: UsageWatcherOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  get intervalMs(): number {
    return this.options.intervalMs ?? USAGE_INTERVAL_MS;
  }

  get leaseMs(): number {
    return this.options.leaseMs ?? USAGE_LEASE_MS;
  }

  /** Whether sampling runs now (for tests and the bench: nothing runs without a watcher). */
  get active(): boolean {
    return this.timer !== undefined || this.running !== undefined;
  }

  /** Takes or renews a lease; the first lease starts sampling at once. Returns the latest samples. */
  watch(watcher: string, names?: readonly string[]): InstanceUsage[] {
    if (this.closed) return [];
    this.leases.set(watcher, { until: Date.now() + this.leaseMs, names: names ? new Set(names) : undefined });
    if (!this.active) this.tick();
    return this.samples();
  }

  unwatch(watcher: string): void {
    this.leases.delete(watcher);
    if (this.leases.size === 0) this.stop();
  }

  samples(name?: string): InstanceUsage[] {
    return name === undefined ? [...this.latest.values()] : [this.latest.get(name)].filter((u): u is InstanceUsage => u !== undefined);
  }

  historyOf(name?: string): InstanceUsage[] {
    const lists = name === undefined ? [...this.history.values()] : [this.history.get(name) ?? []];
    return lists.flat().sort((a, b) => a.time - b.time);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.leases.clear();
    this.stop();
    await this.running;
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running) this.options.sampler.close();
  }

  /** The names the live leases want; undefined when any of them wants every instance. */
  private wanted(): Set<string> | undefined {
    const now = Date.now();
    for (const [id, lease] of this.leases) if (lease.until < now) this.leases.delete(id);
    const names = new Set<string>();
    for (const lease of this.leases.values()) {
      if (!lease.names) return undefined;
      for (const n of lease.names) names.add(n);
    }
    return names;
  }

  private tick(): void {
    this.timer = undefined;
    const wanted = this.wanted();
    if (this.leases.size === 0 || this.closed) {
      this.stop();
      return;
    }
    const started = Date.now();
    this.running = this.sampleOnce(wanted)
      .catch((err: Error) => this.logger.warn('usage sampling failed', { error: err.message }))
      .finally(() => {
        this.running = undefined;
        if (this.leases.size === 0 || this.closed) {
          this.options.sampler.close();
          return;
        }
        this.timer = setTimeout(() => this.tick(), Math.max(0, this.intervalMs - (Date.now() - started)));
      });
  }

  private async sampleOnce(wanted: Set<string> | undefined): Promise<void> {
    const summaries = this.options.summaries().filter((s) => s.status === 'Running' && (!wanted || wanted.has(s.name)));
    const instances = (await Promise.all(summaries.map((s) => this.instanceFor(s)))).filter((i): i is Instance => i !== undefined);
    for (const name of [...this.latest.keys()]) {
      if (!instances.some((i) => i.name === name)) this.latest.delete(name);
    }
    const samples = await this.options.sampler.sample(instances);
    const horizon = Date.now() - (this.options.historyMs ?? HISTORY_MS);
    for (const usage of samples) {
      this.latest.set(usage.name, usage);
      const list = this.history.get(usage.name) ?? [];
      list.push(usage);
      while (list.length > 0 && list[0]!.time < horizon) list.shift();
      this.history.set(usage.name, list);
    }
    if (samples.length > 0) this.options.emit({ event: 'usageSampled', payload: { samples } });
  }

  private async instanceFor(summary: InstanceSummary): Promise<Instance | undefined> {
    const key = JSON.stringify(summary);
    const cached = this.inspected.get(summary.name);
    if (cached && cached.key === key && Date.now() - cached.at < REINSPECT_MS) return cached.inst;
    try {
      const inst = await this.options.inspect(summary.name);
      this.inspected.set(summary.name, { key, at: Date.now(), inst });
      return inst.status === 'Running' ? inst : undefined;
    } catch (err) {
      this.logger.debug('usage: cannot inspect', { name: summary.name, error: (err as Error).message });
      return undefined;
    }
  }
}
