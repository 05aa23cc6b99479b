/**
 * What each running instance uses, as the main side samples it: the last ten minutes per
 * instance, for the list's sparklines and the Overview's charts. Sampling costs the main side
 * work, so it runs only while someone holds it (the list or an Overview on screen): the store
 * asks with a lease, renews it at half its length, and says when it is no longer wanted.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { InstanceUsage, LimadeskApi } from '../../src-main/common/api';
import { failureText } from '../api/failure-text';
import type { AppState } from './app-state';

/** How far back the charts go. */
export const USAGE_WINDOW_MS = 10 * 60 * 1000;
/** After a failed lease (not an unsupported one), the next try. */
const RETRY_MS = 10_000;

export interface UsageWatchState {
  /** A lease is held and renewed. */
  active: boolean;
  /** How often the main side samples, once known. */
  intervalMs?: number;
  /** Why sampling is not running, when it was asked for and refused. */
  error?: string;
}

export interface UsageSlice {
  /** The samples of the last ten minutes per instance, oldest first. */
  usage: Record<string, InstanceUsage[]>;
  usageWatch: UsageWatchState;
  receiveUsage: (samples: readonly InstanceUsage[]) => void;
  /** Fills an instance's history from the main side (what was sampled before this window watched). */
  loadUsageHistory: (name: string) => Promise<void>;
  /** The same, once per instance for this window: a row that scrolls into view again asks no more. */
  ensureUsageHistory: (name: string) => void;
  /** Asks for samples until the returned function is called. */
  holdUsage: () => () => void;
}

export type UsageApi = Pick<LimadeskApi, 'watchUsage' | 'unwatchUsage' | 'getUsage'>;

/** Both lists merged in time order, one sample per time, nothing older than the window before the newest. */
export function mergeUsage(known: readonly InstanceUsage[], incoming: readonly InstanceUsage[]): InstanceUsage[] {
  const last = known.at(-1);
  let merged: InstanceUsage[];
  if (incoming.length === 1 && (!last || incoming[0]!.time > last.time)) {
    // The common case, a new sample at the end: no sort.
    merged = [...known, incoming[0]!];
  } else {
    const byTime = new Map<number, InstanceUsage>();
    for (const s of known) byTime.set(s.time, s);
    for (const s of incoming) byTime.set(s.time, s);
    merged = [...byTime.values()].sort((a, b) => a.time - b.time);
  }
  const newest = merged.at(-1)?.time ?? 0;
  let start = 0;
  while (start < merged.length && merged[start]!.time < newest - USAGE_WINDOW_MS) start++;
  return start === 0 ? merged : merged.slice(start);
}

function randomId(): string {
  return Math.random().toString(36).slice(2, 10);
}

export function createUsageSlice(api: UsageApi): StateCreator<AppState, [], [], UsageSlice> {
  return (set, get) => {
    const watcher = `dashboard-${randomId()}`;
    const historyAsked = new Set<string>();
    let holders = 0;
    // Every hold from zero starts a new chain of renewals; an answer for an older chain is dropped.
    let chain = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const schedule = (mine: number, ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => void renew(mine), ms);
    };

    const renew = async (mine: number) => {
      timer = undefined;
      const result = await api.watchUsage({ watcher });
      if (mine !== chain || holders === 0) return;
      if (!result.ok) {
        set({ usageWatch: { active: false, error: failureText(result) } });
        // A build without sampling says so once; anything else may pass.
        if (result.code !== 'unsupported') schedule(mine, RETRY_MS);
        return;
      }
      set({ usageWatch: { active: true, intervalMs: result.value.intervalMs } });
      get().receiveUsage(result.value.samples);
      schedule(mine, Math.max(1000, result.value.leaseMs / 2));
    };

    return {
      usage: {},
      usageWatch: { active: false },

      receiveUsage(samples) {
        if (samples.length === 0) return;
        set((s) => {
          const usage = { ...s.usage };
          for (const sample of samples) usage[sample.name] = mergeUsage(usage[sample.name] ?? [], [sample]);
          return { usage };
        });
      },

      async loadUsageHistory(name) {
        const result = await api.getUsage({ name, history: true });
        if (!result.ok) return;
        const samples = [...(result.value.history ?? []), ...result.value.samples].filter((s) => s.name === name);
        if (samples.length === 0) return;
        set((s) => ({ usage: { ...s.usage, [name]: mergeUsage(s.usage[name] ?? [], samples) } }));
      },

      ensureUsageHistory(name) {
        if (historyAsked.has(name)) return;
        historyAsked.add(name);
        void get().loadUsageHistory(name);
      },

      holdUsage() {
        holders++;
        if (holders === 1) void renew(++chain);
        let released = false;
        return () => {
          if (released) return;
          released = true;
          holders--;
          if (holders > 0) return;
          chain++;
          clearTimeout(timer);
          timer = undefined;
          set({ usageWatch: { active: false } });
          void api.unwatchUsage({ watcher });
        };
      },
    };
  };
}
