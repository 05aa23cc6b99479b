/**
 * What can be done to an instance, in one list shared by its row, its right-click menu and its
 * detail header: each action with its label, icon, shortcut, and whether it applies right now
 * (with the reason when it does not).
 */
import { Monitor, Play, RotateCcw, Square, Trash2 } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import type { InstanceSummary } from '../../src-main/common/api';
import type { Op } from '../store/ops-slice';
import { SHORTCUTS } from '../ui/shortcuts';
import type { Shortcut } from '../ui/shortcuts';
import { actionApplies } from './actions';

export type InstanceActionId = 'start' | 'stop' | 'restart' | 'console' | 'delete';

export interface InstanceActionInfo {
  id: InstanceActionId;
  /** The visible label; menus add "…" where a question follows. */
  label: string;
  icon: LucideIcon;
  shortcut: Shortcut;
  enabled: boolean;
  /** Why a disabled action is disabled, for its tooltip. */
  why?: string;
  danger?: boolean;
}

export function describeActions(instance: InstanceSummary, busy: Op | undefined): InstanceActionInfo[] {
  const { name, status } = instance;
  const idle = busy === undefined;
  const busyWhy = busy ? `${name} is busy: wait for the current action to finish` : undefined;
  const state = (action: 'start' | 'stop' | 'restart' | 'delete', stateWhy: string) => {
    if (!idle) return { enabled: false, why: busyWhy };
    if (actionApplies(action, status, instance.protected)) return { enabled: true };
    return { enabled: false, why: stateWhy };
  };
  const withWhy = (info: InstanceActionInfo, s: { enabled: boolean; why?: string | undefined }): InstanceActionInfo => ({ ...info, enabled: s.enabled, ...(s.why ? { why: s.why } : {}) });
  return [
    withWhy({ id: 'start', label: 'Start', icon: Play, shortcut: SHORTCUTS.start, enabled: false }, state('start', `${name} is already running`)),
    withWhy({ id: 'stop', label: 'Stop', icon: Square, shortcut: SHORTCUTS.stop, enabled: false }, state('stop', `${name} is not running`)),
    withWhy({ id: 'restart', label: 'Restart', icon: RotateCcw, shortcut: SHORTCUTS.restart, enabled: false }, state('restart', `${name} is not running`)),
    { id: 'console', label: 'Console', icon: Monitor, shortcut: SHORTCUTS.console, enabled: true },
    withWhy({ id: 'delete', label: 'Delete', icon: Trash2, shortcut: SHORTCUTS.delete, enabled: false, danger: true }, state('delete', `${name} is protected (limactl unprotect ${name})`)),
  ];
}

/** The one action a row shows as its main button: Stop while it runs, Start otherwise. */
export function primaryActionId(instance: InstanceSummary): 'start' | 'stop' {
  return instance.status === 'Running' ? 'stop' : 'start';
}
