/**
 * The tabs of an instance's detail view, in the order shown. Each feature contributes one
 * entry here and keeps its component in its own folder; a tab reaches the main side through
 * useApi() and reads instance state through the store hooks.
 */
import { lazy } from 'react';
import type { ComponentType } from 'react';
import type { InstanceSummary } from '../../src-main/common/api';

// Heavy tabs load on first use (the YAML editor alone is most of the renderer's code); the
// detail view renders every tab inside a Suspense boundary, so a plain component works too.
const ConfigTab = lazy(() => import('./ConfigTab').then((m) => ({ default: m.ConfigTab })));
const ConsoleTab = lazy(() => import('../console/ConsoleTab').then((m) => ({ default: m.ConsoleTab })));
const OverviewTab = lazy(() => import('../boot/OverviewTab').then((m) => ({ default: m.OverviewTab })));
const SerialTab = lazy(() => import('../logs/SerialTab').then((m) => ({ default: m.SerialTab })));
const SnapshotsTab = lazy(() => import('../snapshots/SnapshotsTab').then((m) => ({ default: m.SnapshotsTab })));
const LogsTab = lazy(() => import('../logs/LogsTab').then((m) => ({ default: m.LogsTab })));
const TerminalTab = lazy(() => import('../terminal/TerminalTab').then((m) => ({ default: m.TerminalTab })));

export interface InstanceTabProps {
  instance: InstanceSummary;
  /** A line the tab should bring into view (the Config tab, opened at a problem). */
  line?: number;
}

export interface InstanceTab {
  /** Stable id, used in the URL hash and test selectors. */
  id: string;
  /** The tab's visible name; its accessible name is "<label> of <instance>". */
  label: string;
  component: ComponentType<InstanceTabProps>;
}

export const INSTANCE_TABS: readonly InstanceTab[] = [
  { id: 'overview', label: 'Overview', component: OverviewTab },
  { id: 'config', label: 'Config', component: ConfigTab },
  { id: 'console', label: 'Console', component: ConsoleTab },
  { id: 'terminal', label: 'Terminal', component: TerminalTab },
  { id: 'serial', label: 'Serial', component: SerialTab },
  { id: 'logs', label: 'Logs', component: LogsTab },
  { id: 'snapshots', label: 'Snapshots', component: SnapshotsTab },
];
