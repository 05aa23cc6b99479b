/**
 * The tabs of an instance's detail view, in the order shown. Each feature contributes one
 * entry here and keeps its component in its own folder; a tab reaches the main side through
 * useApi() and reads instance state through the store hooks.
 */
import type { ComponentType } from 'react';
import type { InstanceSummary } from '../../src-main/common/api';
import { ConfigTab } from './ConfigTab';

export interface InstanceTabProps {
  instance: InstanceSummary;
}

export interface InstanceTab {
  /** Stable id, used in the URL hash and test selectors. */
  id: string;
  /** The tab's visible name; its accessible name is "<label> of <instance>". */
  label: string;
  component: ComponentType<InstanceTabProps>;
}

export const INSTANCE_TABS: readonly InstanceTab[] = [{ id: 'config', label: 'Config', component: ConfigTab }];
