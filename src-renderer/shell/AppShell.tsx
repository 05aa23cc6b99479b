/** The window's frame: the sidebar and the current screen beside it. */
import type { ReactNode } from 'react';
import { isBoolean, useStoredState } from './useStoredState';
import { Sidebar } from './Sidebar';
import type { NavEntry } from './Sidebar';
import './shell.css';

export interface AppShellProps {
  entries: readonly NavEntry[];
  current: string;
  children: ReactNode;
}

export function AppShell({ entries, current, children }: AppShellProps) {
  const [collapsed, setCollapsed] = useStoredState('sidebarCollapsed', false, isBoolean);
  return (
    <div className="app-shell" data-sidebar={collapsed ? 'collapsed' : 'expanded'}>
      <Sidebar entries={entries} current={current} collapsed={collapsed} onToggle={() => setCollapsed(!collapsed)} />
      <div className="workspace">{children}</div>
    </div>
  );
}
