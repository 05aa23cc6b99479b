import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BootStageName, InstanceSummary, LimadeskApi } from '../../src-main/common/api';

export interface InstancesState {
  instances: Record<string, InstanceSummary>;
  /** The last boot stage each instance reported while this page was open. */
  stages: Record<string, BootStageName>;
  loaded: boolean;
  error: string | null;
}

export type InstancesStore = StoreApi<InstancesState>;
export type InstancesApi = Pick<LimadeskApi, 'listInstances' | 'on'>;

export function createInstancesStore(): InstancesStore {
  return createStore<InstancesState>()(() => ({ instances: {}, stages: {}, loaded: false, error: null }));
}

/**
 * Keeps the store in step with the main side: subscribe first, then fetch the list, so no
 * change falls between the two. An instance an event already updated keeps the event's
 * (newer) value when the list arrives. Returns the unsubscribe.
 */
export function bindInstancesStore(store: InstancesStore, api: InstancesApi): () => void {
  const touched = new Set<string>();
  let active = true;
  const offStatus = api.on('instanceStatusChanged', (e) => {
    touched.add(e.name);
    store.setState((s) => {
      const instances = { ...s.instances };
      if (e.instance) instances[e.name] = e.instance;
      else delete instances[e.name];
      return { instances };
    });
  });
  const offStage = api.on('bootStage', (e) => {
    store.setState((s) => ({ stages: { ...s.stages, [e.name]: e.stage } }));
  });
  void api.listInstances({}).then((result) => {
    if (!active) return;
    if (!result.ok) {
      store.setState({ loaded: true, error: result.message });
      return;
    }
    store.setState((s) => {
      const instances: Record<string, InstanceSummary> = {};
      for (const inst of result.value) instances[inst.name] = touched.has(inst.name) ? (s.instances[inst.name] ?? inst) : inst;
      for (const name of touched) {
        const fromEvent = s.instances[name];
        if (fromEvent) instances[name] = fromEvent;
      }
      return { instances, loaded: true, error: null };
    });
  });
  return () => {
    active = false;
    offStatus();
    offStage();
  };
}
