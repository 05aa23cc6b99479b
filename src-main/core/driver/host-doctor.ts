import type { DoctorCheck } from '../../common/api';

/**
 * What a VM driver knows about the host it needs: its binaries, accelerator and firmware,
 * each as a check with the fix for this host, and (macOS) the signing its binary may need.
 */
export interface HostDoctor {
  checks(): Promise<DoctorCheck[]>;
  sign(): Promise<{ signed: boolean; message: string }>;
}

/** A failed optional check is a warning: the app works without it, a feature does not. */
export const OPTIONAL_SUFFIX = ' (optional)';
