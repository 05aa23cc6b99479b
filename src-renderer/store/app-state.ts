/** The shape of the whole renderer store: one object built from typed slices. */
import type { InstancesSlice } from './instances-slice';
import type { OpsSlice } from './ops-slice';
import type { DraftsSlice } from './drafts-slice';
import type { ToastsSlice } from './toasts-slice';

export type AppState = InstancesSlice & OpsSlice & DraftsSlice & ToastsSlice;
