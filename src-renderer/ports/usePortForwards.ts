/** The forwards of a running instance, fetched when first shown and kept current by the store. */
import { useEffect } from 'react';
import type { InstanceSummary } from '../../src-main/common/api';
import { useAppStoreApi, usePorts } from '../store/hooks';
import type { PortsEntry } from '../store/ports-slice';
import { whenSettled } from '../usage/settled-work';

/** `deferred`: a list row asks once the list stops scrolling (see settled-work). */
export function usePortForwards(instance: InstanceSummary, deferred = false): PortsEntry | undefined {
  const running = instance.status === 'Running';
  const entry = usePorts(instance.name);
  const store = useAppStoreApi();
  const known = entry !== undefined;
  useEffect(() => {
    if (!running || known) return undefined;
    const load = () => void store.getState().loadPorts(instance.name);
    if (!deferred) {
      load();
      return undefined;
    }
    return whenSettled(load);
  }, [running, known, store, instance.name, deferred]);
  return running ? entry : undefined;
}
