import type { BootStageName } from '../../src-main/common/api';
import type { BootStep } from '../store';

export const STAGE_LABELS: Record<BootStageName, string> = {
  'agent-started': 'Host agent started',
  'image-downloading': 'Downloading the image',
  'image-ready': 'Image ready',
  'cidata-ready': 'cloud-init data ready',
  'disks-ready': 'Disks ready',
  'qemu-started': 'QEMU started',
  'vnc-ready': 'VNC display ready',
  'qmp-ready': 'QEMU monitor connected',
  running: 'Running',
  'ssh-ready': 'SSH ready',
  requirement: 'Boot requirement',
  mount: 'Mount',
  probe: 'Readiness probe',
  script: 'Boot script',
  'copy-to-host': 'Copied to host',
  ready: 'Guest ready',
  stopping: 'Stopping',
  'qemu-exited': 'QEMU exited',
  exiting: 'Host agent exiting',
};

/** What each stage is waiting for while it is the latest: what a stuck boot is stuck on. */
export const WAITING_FOR: Partial<Record<BootStageName, string>> = {
  'agent-started': 'preparing the image and disks',
  'image-downloading': 'the download',
  'image-ready': 'the disks',
  'cidata-ready': 'the disks',
  'disks-ready': 'QEMU to start',
  'qemu-started': 'QEMU to open its monitor socket',
  'vnc-ready': 'QEMU to open its monitor socket',
  'qmp-ready': 'the guest to boot',
  running: 'SSH in the guest',
  'ssh-ready': "the guest's boot scripts",
  requirement: "the guest's boot scripts",
  mount: "the guest's boot scripts",
  probe: "the guest's boot scripts",
  script: "the guest's boot scripts",
  stopping: 'the guest to power off',
};

export type BootPhase = 'idle' | 'starting' | 'booted' | 'stopping' | 'stopped' | 'failed';

const ENDS: BootStageName[] = ['qemu-exited', 'exiting'];

/**
 * Where the latest start is. An end (QEMU or the agent exiting) after a stop request is a
 * stop; without one it is a failure, whether the VM never booted or died while running.
 */
export function bootPhase(steps: readonly BootStep[]): BootPhase {
  const last = steps[steps.length - 1];
  if (!last) return 'idle';
  const stopRequested = steps.some((s) => s.stage === 'stopping');
  if (ENDS.includes(last.stage)) return stopRequested ? 'stopped' : 'failed';
  if (stopRequested) return 'stopping';
  if (steps.some((s) => s.stage === 'running' || s.stage === 'ssh-ready' || s.stage === 'ready')) return 'booted';
  return 'starting';
}

export function elapsedMs(from: string, to: string | number): number {
  const end = typeof to === 'number' ? to : Date.parse(to);
  return Math.max(0, end - Date.parse(from));
}

export function formatElapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}
