/** React access to the store: a context for injection and narrow selectors. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AppState } from './app-state';
import type { AppStore } from './create-store';
import type { ApiEvent, InstanceSummary, InstanceUsage, TransferOperation } from '../../src-main/common/api';
import type { BootStep } from './instances-slice';
import type { Op } from './ops-slice';
import { transferKey } from './ops-slice';
import type { PortsEntry } from './ports-slice';

export const StoreContext = createContext<AppStore | null>(null);

export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore needs a <StoreContext.Provider value={createAppStore(…)}> above it');
  return useStore(store, selector);
}

/** Sorted names; a shallow comparison keeps the array stable while the names do not change. */
export function useInstanceNames(): string[] {
  return useAppStore(useShallow((s) => Object.keys(s.instances).sort()));
}

export function useInstance(name: string): InstanceSummary | undefined {
  return useAppStore((s) => s.instances[name]?.summary);
}

export function useBusyOp(name: string): Op | undefined {
  return useAppStore((s) => {
    const id = s.busy[name];
    return id ? s.ops[id] : undefined;
  });
}

const NO_STEPS: BootStep[] = [];

export function useBootSteps(name: string): BootStep[] {
  return useAppStore((s) => s.bootSteps[name] ?? NO_STEPS);
}

export function useDownload(name: string) {
  return useAppStore((s) => s.downloads[name]);
}

export function useHasDraft(name: string): boolean {
  return useAppStore((s) => name in s.drafts);
}

/** The most recent action on an instance, running or finished (finished ones stay until dismissed). */
export function useLatestOp(name: string): Op | undefined {
  return useAppStore((s) => {
    let latest: Op | undefined;
    for (const op of Object.values(s.ops)) {
      if (op.name === name && (!latest || op.startedAt >= latest.startedAt)) latest = op;
    }
    return latest;
  });
}

/** The store itself, for the few consumers that need more than a selector (e.g. the editor's draft storage). */
export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStoreApi needs a <StoreContext.Provider value={createAppStore(…)}> above it');
  return store;
}

const NO_USAGE: InstanceUsage[] = [];

/** The instance's samples of the last ten minutes, oldest first. */
export function useUsageHistory(name: string): InstanceUsage[] {
  return useAppStore((s) => s.usage[name] ?? NO_USAGE);
}

export function usePorts(name: string): PortsEntry | undefined {
  return useAppStore((s) => s.ports[name]);
}

export function useTransfer(operation: TransferOperation, name: string): ApiEvent<'transferProgress'> | undefined {
  return useAppStore((s) => s.transfers[transferKey(operation, name)]);
}
