/**
 * Instances as the main side reports them. Pushed events and fetched snapshots can arrive in
 * any order, so every change gets a sequence number when it reaches the store, and each
 * instance remembers the number of the change it shows: a snapshot requested before a newer
 * event can never overwrite that event, nor bring back an instance deleted since.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { ApiEvent, BootStageName, InstanceSummary, LimadeskApi } from '../../src-main/common/api';
import type { AppState } from './app-state';

export interface InstanceEntry {
  summary: InstanceSummary;
  /** The store sequence number of the change this entry shows. */
  seq: number;
}

export interface BootStep {
  stage: BootStageName;
  time: string;
  message?: string;
  /** The outcome of a stage that can fail (mount, probe, script…); absent until it is known. */
  ok?: boolean;
}

export interface InstancesSlice {
  instances: Record<string, InstanceEntry>;
  /** Names deleted, with the sequence number of the deletion. */
  deleted: Record<string, number>;
  bootSteps: Record<string, BootStep[]>;
  /** Bumped for every change that reaches the store. */
  seq: number;
  listState: { loading: boolean; error?: string };
  refreshInstances: () => Promise<void>;
  /** Applies one pushed status change. */
  receiveStatus: (event: ApiEvent<'instanceStatusChanged'>) => void;
  receiveBootStage: (event: ApiEvent<'bootStage'>) => void;
  /** Applies a summary that came back from an action (start, stop…). */
  receiveSummary: (summary: InstanceSummary) => void;
  receiveDeletion: (name: string) => void;
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export function createInstancesSlice(api: Pick<LimadeskApi, 'listInstances'>): StateCreator<AppState, [], [], InstancesSlice> {
  return (set, get) => ({
    instances: {},
    deleted: {},
    bootSteps: {},
    seq: 0,
    listState: { loading: false },

    async refreshInstances() {
      const requestedAt = get().seq;
      set({ listState: { loading: true } });
      const result = await api.listInstances({});
      if (!result.ok) {
        set({ listState: { loading: false, error: result.message } });
        return;
      }
      set((s) => {
        const next: Record<string, InstanceEntry> = {};
        for (const summary of result.value) {
          const current = s.instances[summary.name];
          const deletedAt = s.deleted[summary.name];
          if (current && current.seq > requestedAt) next[summary.name] = current;
          else if (deletedAt === undefined || deletedAt <= requestedAt) next[summary.name] = { summary, seq: requestedAt };
        }
        // Instances absent from the snapshot stay only if an event newer than the request created them.
        for (const [name, entry] of Object.entries(s.instances)) {
          if (!(name in next) && entry.seq > requestedAt) next[name] = entry;
        }
        return { instances: next, listState: { loading: false } };
      });
    },

    receiveStatus(event) {
      if (event.status === 'Deleted' || event.instance === null) get().receiveDeletion(event.name);
      else get().receiveSummary(event.instance);
    },

    receiveSummary(summary) {
      set((s) => {
        const seq = s.seq + 1;
        return { seq, instances: { ...s.instances, [summary.name]: { summary, seq } }, deleted: withoutKey(s.deleted, summary.name) };
      });
      // Forwards and tunnels end with the VM.
      if (summary.status !== 'Running') get().forgetPorts(summary.name);
    },

    receiveDeletion(name) {
      set((s) => {
        const seq = s.seq + 1;
        return { seq, instances: withoutKey(s.instances, name), deleted: { ...s.deleted, [name]: seq }, bootSteps: withoutKey(s.bootSteps, name), usage: withoutKey(s.usage, name) };
      });
      get().forgetPorts(name);
    },

    receiveBootStage(event) {
      set((s) => {
        const step: BootStep = { stage: event.stage, time: event.time, ...(event.message !== undefined ? { message: event.message } : {}), ...(event.ok !== undefined ? { ok: event.ok } : {}) };
        // A new start begins a new timeline.
        const previous = event.stage === 'agent-started' ? [] : (s.bootSteps[event.name] ?? []);
        return { seq: s.seq + 1, bootSteps: { ...s.bootSteps, [event.name]: [...previous, step] } };
      });
    },
  });
}
