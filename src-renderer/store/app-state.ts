/** The shape of the whole renderer store: one object built from typed slices. */
import type { DoctorSlice } from './doctor-slice';
import type { DraftsSlice } from './drafts-slice';
import type { InstancesSlice } from './instances-slice';
import type { OpsSlice } from './ops-slice';
import type { PortsSlice } from './ports-slice';
import type { ToastsSlice } from './toasts-slice';
import type { UsageSlice } from './usage-slice';

export type AppState = InstancesSlice & OpsSlice & DraftsSlice & ToastsSlice & UsageSlice & PortsSlice & DoctorSlice;
