/**
 * The renderer's store: a vanilla zustand store built from the slices, with the API client
 * passed in (the real client in the app, a fake in tests).
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { LimadeskApi } from '../../src-main/common/api';
import type { DraftStorage } from '../editor/drafts';
import type { AppState } from './app-state';
import { createDoctorSlice } from './doctor-slice';
import { createDraftsSlice } from './drafts-slice';
import { createInstancesSlice } from './instances-slice';
import { createOpsSlice } from './ops-slice';
import { createPortsSlice } from './ports-slice';
import { createToastsSlice } from './toasts-slice';
import { createUsageSlice } from './usage-slice';

export type AppStore = StoreApi<AppState>;

export type StoreBackend = Pick<
  LimadeskApi,
  | 'on'
  | 'listInstances'
  | 'startInstance'
  | 'stopInstance'
  | 'restartInstance'
  | 'deleteInstance'
  | 'watchUsage'
  | 'unwatchUsage'
  | 'getUsage'
  | 'listPortForwards'
  | 'openTunnel'
  | 'doctor'
>;

export interface AppStoreOptions {
  drafts: DraftStorage;
  now?: () => number;
}

export function createAppStore(api: StoreBackend, options: AppStoreOptions): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createInstancesSlice(api)(...args),
    ...createOpsSlice(api, options.now)(...args),
    ...createDraftsSlice(options.drafts)(...args),
    ...createToastsSlice()(...args),
    ...createUsageSlice(api)(...args),
    ...createPortsSlice(api)(...args),
    ...createDoctorSlice(api)(...args),
  }));
}

/**
 * Listens to pushed events, then fetches the list: in that order, so no change between the
 * fetch and the subscription is missed. Returns the unsubscribe (call it from an effect's cleanup).
 */
export function connectStore(store: AppStore, api: Pick<LimadeskApi, 'on'>): () => void {
  const offs = [
    api.on('instanceStatusChanged', (e) => store.getState().receiveStatus(e)),
    api.on('bootStage', (e) => store.getState().receiveBootStage(e)),
    api.on('downloadProgress', (e) => {
      const state = store.getState();
      // A failed download is news even when the start that caused it was not ours.
      if (e.error && !state.downloads[e.name]?.error) {
        state.pushToast({ tone: 'error', title: `Image download for ${e.name} failed`, body: `${e.error}. Check the network and the image location in lima.yaml, then start again.`, action: { label: 'Open Config', href: `#/instances/${encodeURIComponent(e.name)}/config` } });
      }
      state.receiveDownload(e);
    }),
    api.on('usageSampled', (e) => store.getState().receiveUsage(e.samples)),
    api.on('portForwardChanged', (e) => store.getState().receivePortEvent(e)),
    api.on('transferProgress', (e) => store.getState().receiveTransfer(e)),
  ];
  void store.getState().refreshInstances();
  return () => offs.forEach((off) => off());
}
