/**
 * Which failed host checks matter where VMs are created and started, and what each means
 * for them in one line ("No hardware acceleration: VMs will be slow").
 */
import type { DoctorCheck } from '../../src-main/common/api';
import { checkState } from './check-state';

export function hostProblems(checks: readonly DoctorCheck[]): DoctorCheck[] {
  return checks.filter((c) => checkState(c) === 'failed');
}

export function consequence(check: DoctorCheck): string {
  if (check.id === 'qemu') return 'QEMU cannot be used: VMs cannot start';
  if (check.id === 'qemu-img') return 'qemu-img is missing: VM disks cannot be made';
  if (check.id === 'accel' || check.id === 'qemu-signing') return 'No hardware acceleration: VMs will be slow';
  const firmware = /^firmware-(.+)$/.exec(check.id);
  if (firmware) return `No UEFI firmware for ${firmware[1]} guests: they cannot boot`;
  if (check.id === 'disk-space') return 'Little free space in LIMA_HOME: VM disks may fill it up';
  return check.title;
}
