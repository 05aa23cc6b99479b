import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { InstancesState, InstancesStore } from './instances-store';

export const InstancesStoreContext = createContext<InstancesStore | null>(null);

/** A narrow read of the instances store; selectors must return stable values (see useShallow). */
export function useInstances<T>(selector: (state: InstancesState) => T): T {
  const store = useContext(InstancesStoreContext);
  if (!store) throw new Error('useInstances needs an InstancesStoreContext provider');
  return useStore(store, selector);
}
