/** The forwards of a running instance, fetched when first shown and kept current by the store. */
import { useEffect } from 'react';
import type { InstanceSummary } from '../../src-main/common/api';
import { useAppStore, usePorts } from '../store/hooks';
import type { PortsEntry } from '../store/ports-slice';

export function usePortForwards(instance: InstanceSummary): PortsEntry | undefined {
  const running = instance.status === 'Running';
  const entry = usePorts(instance.name);
  const load = useAppStore((s) => s.loadPorts);
  const known = entry !== undefined;
  useEffect(() => {
    if (running && !known) void load(instance.name);
  }, [running, known, load, instance.name]);
  return running ? entry : undefined;
}
