/**
 * A row's actions: the one that matters now as an icon button (Start, or Stop while it runs),
 * Console beside it, and everything else in the "more" menu, which is also the row's
 * right-click menu. Each has a tooltip with its shortcut.
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Ellipsis } from 'lucide-react';
import { useState } from 'react';
import type { InstanceSummary } from '../../src-main/common/api';
import { formatRoute } from '../store/route';
import { MenuItems } from '../ui/MenuItems';
import type { MenuEntry } from '../ui/MenuItems';
import { Tip } from '../ui/Tip';
import { primaryActionId } from './instance-actions';
import type { InstanceActions } from './useInstanceActions';

/** Every action as menu entries: lifecycle first, then Console, then Delete on its own. */
export function menuEntries({ actions, run }: InstanceActions): MenuEntry[] {
  return actions.map((a) => ({
    id: a.id,
    label: a.id === 'delete' ? 'Delete…' : a.label,
    icon: a.icon,
    shortcut: a.shortcut,
    enabled: a.enabled,
    ...(a.why ? { why: a.why } : {}),
    ...(a.danger ? { danger: true } : {}),
    separated: a.id === 'console' || a.id === 'delete',
    onSelect: () => run(a.id),
  }));
}

/**
 * `live`: the row is under the pointer or holds the focus. Only then do its controls carry
 * their tooltip and menu (Radix); a row merely in view renders plain buttons, which keeps a
 * screenful of rows cheap to render and to scroll.
 */
export function RowActions({ instance, actions, live: rowLive }: { instance: InstanceSummary; actions: InstanceActions; live: boolean }) {
  const { name } = instance;
  // A click on the plain "more" button (no hover came first: touch, an assistive tool) opens the menu at once.
  const [menuWanted, setMenuWanted] = useState(false);
  const live = rowLive || menuWanted;
  const primary = actions.byId(primaryActionId(instance));
  const console = actions.byId('console');
  const PrimaryIcon = primary.icon;
  const ConsoleIcon = console.icon;
  return (
    <div className="row-actions">
      <Tip disabled={!live} content={primary.enabled ? `${primary.label} ${name}` : (primary.why ?? primary.label)} shortcut={primary.shortcut}>
        <button
          type="button"
          className="icon-button row-primary"
          data-action={primary.id}
          data-focus-key="primary"
          aria-label={`${primary.label} ${name}`}
          disabled={!primary.enabled}
          onClick={() => actions.run(primary.id)}
        >
          <PrimaryIcon aria-hidden="true" />
        </button>
      </Tip>
      <Tip disabled={!live} content={`Console of ${name}`} shortcut={console.shortcut}>
        {/* A link: it goes to the console tab, so it opens in the address like any screen. */}
        <a className="icon-link" data-focus-key="console" href={formatRoute({ page: 'instances', instance: name, tab: 'console' })} aria-label={`Console of ${name}`}>
          <ConsoleIcon aria-hidden="true" />
        </a>
      </Tip>
      {live ? (
        <DropdownMenu.Root defaultOpen={menuWanted} onOpenChange={(open) => !open && setMenuWanted(false)}>
          <Tip content="More actions">
            <DropdownMenu.Trigger asChild>
              <button type="button" className="icon-button" aria-label={`More actions for ${name}`} data-focus-key="more">
                <Ellipsis aria-hidden="true" />
              </button>
            </DropdownMenu.Trigger>
          </Tip>
          <DropdownMenu.Portal>
            <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
              <MenuItems kind="dropdown" entries={menuEntries(actions)} />
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      ) : (
        <button type="button" className="icon-button" aria-label={`More actions for ${name}`} data-focus-key="more" aria-haspopup="menu" onClick={() => setMenuWanted(true)}>
          <Ellipsis aria-hidden="true" />
        </button>
      )}
    </div>
  );
}
