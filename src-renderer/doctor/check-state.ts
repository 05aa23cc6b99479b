import type { DoctorCheck } from '../../src-main/common/api';

/** Checks for features the app can do without are titled "… (optional)" by the main side. */
export function isOptional(check: DoctorCheck): boolean {
  return check.title.endsWith('(optional)');
}

export type CheckState = 'ok' | 'warning' | 'failed';

/** A passing check with advice (QEMU older than recommended) and a failing optional one are warnings. */
export function checkState(check: DoctorCheck): CheckState {
  if (check.ok) return check.fix ? 'warning' : 'ok';
  return isOptional(check) ? 'warning' : 'failed';
}

export const SIGNING_CHECK_ID = 'qemu-signing';

export function needsSigning(checks: readonly DoctorCheck[]): boolean {
  return checks.some((c) => c.id === SIGNING_CHECK_ID && !c.ok);
}
