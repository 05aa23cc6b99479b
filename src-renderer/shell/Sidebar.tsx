/**
 * The app's sidebar: one entry per screen that exists in this build, with an icon and a label,
 * collapsible to icons only (the choice is remembered). Instances carries the instance count
 * and how many run. The app's name and version sit at its foot.
 */
import { PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import { useAppStore } from '../store/hooks';
import { Tip } from '../ui/Tip';
import { APP_NAME, APP_VERSION } from './app-version';

export interface NavEntry {
  page: string;
  href: string;
  label: string;
  icon: LucideIcon;
}

export interface SidebarProps {
  entries: readonly NavEntry[];
  current: string;
  collapsed: boolean;
  onToggle: () => void;
}

function useInstanceCounts(): { total: number; running: number } {
  const total = useAppStore((s) => Object.keys(s.instances).length);
  const running = useAppStore((s) => {
    let n = 0;
    for (const name in s.instances) if (s.instances[name]?.summary.status === 'Running') n++;
    return n;
  });
  return { total, running };
}

function InstanceCounts({ collapsed }: { collapsed: boolean }) {
  const { total, running } = useInstanceCounts();
  const text = `${total} instance${total === 1 ? '' : 's'}, ${running} running`;
  if (collapsed) {
    return running > 0 ? <span className="nav-dot" aria-label={text} /> : <span className="visually-hidden">{text}</span>;
  }
  return (
    <span className="nav-counts" aria-label={text} title={text}>
      <span className="nav-count">{total}</span>
      {running > 0 && (
        <span className="nav-count is-running">
          <span className="nav-running-dot" aria-hidden="true" />
          {running}
        </span>
      )}
    </span>
  );
}

export function Sidebar({ entries, current, collapsed, onToggle }: SidebarProps) {
  const ToggleIcon = collapsed ? PanelLeftOpen : PanelLeftClose;
  return (
    <aside className="sidebar" data-collapsed={collapsed || undefined}>
      <div className="sidebar-head drag-region">
        {!collapsed && <span className="sidebar-brand">{APP_NAME}</span>}
      </div>
      <nav aria-label="Main" className="sidebar-nav">
        <ul>
          {entries.map(({ page, href, label, icon: Icon }) => (
            <li key={page}>
              <Tip content={label} side="right" disabled={!collapsed}>
                <a href={href} aria-current={current === page ? 'page' : undefined} className="nav-link" data-page={page}>
                  <Icon aria-hidden="true" className="nav-icon" />
                  <span className={collapsed ? 'visually-hidden' : 'nav-label'}>{label}</span>
                  {page === 'instances' && <InstanceCounts collapsed={collapsed} />}
                </a>
              </Tip>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-foot">
        {!collapsed && (
          <span className="sidebar-version">
            {APP_NAME}
            {APP_VERSION && <span className="hint"> {APP_VERSION}</span>}
          </span>
        )}
        <Tip content={collapsed ? 'Expand the sidebar' : 'Collapse the sidebar'} side="right">
          <button type="button" className="icon-button" onClick={onToggle} aria-label={collapsed ? 'Expand the sidebar' : 'Collapse the sidebar'} aria-expanded={!collapsed}>
            <ToggleIcon aria-hidden="true" />
          </button>
        </Tip>
      </div>
    </aside>
  );
}
