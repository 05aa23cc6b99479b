export { connectStore, createAppStore } from './create-store';
export type { AppStore, AppStoreOptions, StoreBackend } from './create-store';
export type { AppState } from './app-state';
export { draftStorageOf } from './drafts-slice';
export { StoreContext, useAppStore, useBootSteps, useBusyOp, useDownload, useHasDraft, useInstance, useInstanceNames, useLatestOp, useAppStoreApi } from './hooks';
export { formatRoute, parseRoute, useHashRoute } from './route';
export type { Route } from './route';
export type { InstanceAction, Op } from './ops-slice';
export type { BootStep, InstanceEntry } from './instances-slice';
