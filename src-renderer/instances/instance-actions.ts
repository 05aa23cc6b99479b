/**
 * What can be done to an instance, in one list shared by its row, its right-click menu and its
 * detail header: each action with its label, icon, shortcut, and whether it applies right now
 * (with the reason when it does not).
 */
import { CopyPlus, Eraser, Lock, LockOpen, Monitor, Network, PencilLine, Play, RotateCcw, Square, Trash2 } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import type { InstanceSummary } from '../../src-main/common/api';
import type { Op } from '../store/ops-slice';
import { SHORTCUTS } from '../ui/shortcuts';
import type { Shortcut } from '../ui/shortcuts';
import { actionApplies } from './actions';

export type InstanceActionId = 'start' | 'stop' | 'restart' | 'console' | 'tunnel' | 'clone' | 'rename' | 'protect' | 'unprotect' | 'factory-reset' | 'delete';

export interface InstanceActionInfo {
  id: InstanceActionId;
  /** The visible label; menus add "…" where a question follows. */
  label: string;
  icon: LucideIcon;
  shortcut?: Shortcut;
  enabled: boolean;
  /** Why a disabled action is disabled, for its tooltip. */
  why?: string;
  danger?: boolean;
  /** A dialog follows (the label gets "…" in menus). */
  asks?: boolean;
  /** Starts a new group in menus. */
  group?: boolean;
}

type Applies = { enabled: boolean; why?: string | undefined };

export function describeActions(instance: InstanceSummary, busy: Op | undefined): InstanceActionInfo[] {
  const { name, status } = instance;
  const idle = busy === undefined;
  const busyWhy = busy ? `${name} is busy: wait for the current action to finish` : undefined;
  /** Applies when idle and `ok`; otherwise disabled with the reason. */
  const when = (ok: boolean, why: string): Applies => (!idle ? { enabled: false, why: busyWhy } : ok ? { enabled: true } : { enabled: false, why });
  const lifecycle = (action: 'start' | 'stop' | 'restart', why: string) => when(actionApplies(action, status, instance.protected), why);
  const entry = (info: Omit<InstanceActionInfo, 'enabled'>, applies: Applies): InstanceActionInfo => ({ ...info, enabled: applies.enabled, ...(applies.why ? { why: applies.why } : {}) });
  const stopFirst = (verb: string) => `Stop ${name} first: a running instance cannot be ${verb}`;
  const isProtected = `${name} is protected (limadesk unprotect ${name})`;
  return [
    entry({ id: 'start', label: 'Start', icon: Play, shortcut: SHORTCUTS.start }, lifecycle('start', `${name} is already running`)),
    entry({ id: 'stop', label: 'Stop', icon: Square, shortcut: SHORTCUTS.stop }, lifecycle('stop', `${name} is not running`)),
    entry({ id: 'restart', label: 'Restart', icon: RotateCcw, shortcut: SHORTCUTS.restart }, lifecycle('restart', `${name} is not running`)),
    entry({ id: 'console', label: 'Console', icon: Monitor, shortcut: SHORTCUTS.console, group: true }, { enabled: true }),
    entry({ id: 'tunnel', label: 'Open a SOCKS tunnel', icon: Network, asks: true }, status === 'Running' ? { enabled: true } : { enabled: false, why: `${name} is not running: the tunnel goes over its SSH server` }),
    entry({ id: 'clone', label: 'Clone', icon: CopyPlus, shortcut: SHORTCUTS.clone, asks: true, group: true }, when(status !== 'Running', stopFirst('cloned'))),
    entry({ id: 'rename', label: 'Rename', icon: PencilLine, shortcut: SHORTCUTS.rename, asks: true }, when(status !== 'Running', stopFirst('renamed'))),
    instance.protected
      ? entry({ id: 'unprotect', label: 'Unprotect', icon: LockOpen }, when(true, ''))
      : entry({ id: 'protect', label: 'Protect', icon: Lock }, when(true, '')),
    entry({ id: 'factory-reset', label: 'Factory reset', icon: Eraser, asks: true, danger: true, group: true }, when(!instance.protected, isProtected)),
    // A protected instance's Delete stays offered: choosing it says why it is refused, and how to lift that.
    entry({ id: 'delete', label: 'Delete', icon: Trash2, shortcut: SHORTCUTS.delete, asks: true, danger: true }, when(true, '')),
  ];
}

/** The one action a row shows as its main button: Stop while it runs, Start otherwise. */
export function primaryActionId(instance: InstanceSummary): 'start' | 'stop' {
  return instance.status === 'Running' ? 'stop' : 'start';
}
