/**
 * A row's actions: the one that matters now as an icon button (Start, or Stop while it runs),
 * Console beside it, and everything else in the "more" menu, which is also the row's
 * right-click menu. Each has a tooltip with its shortcut.
 */
import { Ellipsis } from 'lucide-react';
import type { InstanceSummary } from '../../src-main/common/api';
import { formatRoute } from '../store/route';
import type { MenuEntry } from '../ui/MenuItems';
import { shortcutLabel } from '../ui/shortcuts';
import { useRowMenu } from './RowMenu';
import { primaryActionId } from './instance-actions';
import type { InstanceActions } from './useInstanceActions';

/** Every action as menu entries, in groups: lifecycle, reaching the VM, copies and names, what destroys. */
export function menuEntries({ actions, run }: InstanceActions): MenuEntry[] {
  return actions.map((a) => ({
    id: a.id,
    label: a.asks ? `${a.label}…` : a.label,
    icon: a.icon,
    ...(a.shortcut ? { shortcut: a.shortcut } : {}),
    enabled: a.enabled,
    ...(a.why ? { why: a.why } : {}),
    ...(a.danger ? { danger: true } : {}),
    separated: a.group === true,
    onSelect: () => run(a.id),
  }));
}

/**
 * Plain controls with the platform's tooltips (their shortcut included): a row is rendered
 * for every scroll step, so it carries no per-row popover machinery; the "more" menu is the
 * list's one menu (RowMenu), opened under this button.
 */
export function RowActions({ instance, actions }: { instance: InstanceSummary; actions: InstanceActions }) {
  const { name } = instance;
  const menu = useRowMenu();
  const primary = actions.byId(primaryActionId(instance));
  const console = actions.byId('console');
  const PrimaryIcon = primary.icon;
  const ConsoleIcon = console.icon;
  const keys = (shortcut: typeof primary.shortcut) => (shortcut ? ` (${shortcutLabel(shortcut)})` : '');
  const primaryTip = primary.enabled ? `${primary.label} ${name}${keys(primary.shortcut)}` : (primary.why ?? primary.label);
  return (
    <div className="row-actions">
      <button
        type="button"
        className="icon-button row-primary"
        data-action={primary.id}
        aria-label={`${primary.label} ${name}`}
        title={primaryTip}
        disabled={!primary.enabled}
        onClick={() => actions.run(primary.id)}
      >
        <PrimaryIcon aria-hidden="true" />
      </button>
      {/* A link: it goes to the console tab, so it opens in the address like any screen. */}
      <a className="icon-link" href={formatRoute({ page: 'instances', instance: name, tab: 'console' })} aria-label={`Console of ${name}`} title={`Console of ${name}${keys(console.shortcut)}`}>
        <ConsoleIcon aria-hidden="true" />
      </a>
      <button
        type="button"
        className="icon-button"
        aria-label={`More actions for ${name}`}
        title="More actions"
        aria-haspopup="menu"
        aria-expanded={menu.openFor === name}
        onClick={(e) => menu.open(name, e.currentTarget)}
      >
        <Ellipsis aria-hidden="true" />
      </button>
    </div>
  );
}
