/**
 * The host checks (the doctor), run once per window and shared: the Doctor screen shows all
 * of them, and the screens where VMs are created and started warn about the failures that
 * matter there.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { DoctorCheck, LimadeskApi } from '../../src-main/common/api';
import { failureText } from '../api/failure-text';
import type { AppState } from './app-state';

export interface HostChecks {
  state: 'idle' | 'loading' | 'done' | 'error';
  checks: DoctorCheck[];
  error?: string;
}

export interface DoctorSlice {
  hostChecks: HostChecks;
  /** Runs the checks unless they ran already (or run now); `again` runs them anyway. */
  loadHostChecks: (again?: boolean) => Promise<void>;
  receiveHostChecks: (checks: DoctorCheck[]) => void;
}

export function createDoctorSlice(api: Pick<LimadeskApi, 'doctor'>): StateCreator<AppState, [], [], DoctorSlice> {
  return (set, get) => ({
    hostChecks: { state: 'idle', checks: [] },
    async loadHostChecks(again = false) {
      const { state } = get().hostChecks;
      if (state === 'loading' || (!again && state !== 'idle')) return;
      set((s) => ({ hostChecks: { ...s.hostChecks, state: 'loading' } }));
      const result = await api.doctor({});
      if (result.ok) get().receiveHostChecks(result.value.checks);
      else set((s) => ({ hostChecks: { state: 'error', checks: s.hostChecks.checks, error: failureText(result) } }));
    },
    receiveHostChecks(checks) {
      set({ hostChecks: { state: 'done', checks } });
    },
  });
}
