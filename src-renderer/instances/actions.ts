/** Which row actions make sense in which state, and how they read. */
import type { InstanceStatus } from '../../src-main/common/api';
import type { InstanceAction, OpAction } from '../store/ops-slice';

export const ACTION_LABELS: Record<InstanceAction, string> = { start: 'Start', stop: 'Stop', restart: 'Restart', delete: 'Delete' };

export const ACTION_PROGRESS: Record<OpAction, string> = {
  start: 'Starting',
  stop: 'Stopping',
  restart: 'Restarting',
  delete: 'Deleting',
  clone: 'Cloning',
  rename: 'Renaming',
  'factory-reset': 'Resetting',
  protect: 'Protecting',
  unprotect: 'Unprotecting',
};

/** Whether a busy instance is on its way down (the pill's tone) rather than up or sideways. */
export function isStopping(action: OpAction): boolean {
  return action === 'delete' || action === 'stop' || action === 'factory-reset';
}

export const ACTION_FAILED: Record<InstanceAction, string> = {
  start: 'Could not start',
  stop: 'Could not stop',
  restart: 'Could not restart',
  delete: 'Could not delete',
};

/**
 * Whether an action applies to an instance in this status. A Broken instance may be started
 * (that is how Lima retries) and stopped, which cleans up what a crash left behind.
 */
export function actionApplies(action: InstanceAction, status: InstanceStatus, isProtected: boolean): boolean {
  switch (action) {
    case 'start':
      return status !== 'Running';
    case 'stop':
      return status !== 'Stopped';
    case 'restart':
      return status === 'Running';
    case 'delete':
      return !isProtected;
  }
}

/** Lima's `stop` needs a Running instance; anything else is cleaned up with `stop -f`. */
export function stopNeedsForce(status: InstanceStatus): boolean {
  return status !== 'Running';
}
