/**
 * Menu entries for Radix's DropdownMenu and ContextMenu alike: an icon, the label, the
 * shortcut at the end, disabled entries say why in their title.
 */
import * as ContextMenu from '@radix-ui/react-context-menu';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { LucideIcon } from 'lucide-react';
import { Fragment } from 'react';
import { shortcutLabel } from './shortcuts';
import type { Shortcut } from './shortcuts';

export interface MenuEntry {
  id: string;
  label: string;
  icon?: LucideIcon;
  shortcut?: Shortcut;
  enabled: boolean;
  why?: string;
  danger?: boolean;
  /** Starts a new group: a separator goes before it. */
  separated?: boolean;
  onSelect: () => void;
}

const KINDS = { dropdown: DropdownMenu, context: ContextMenu } as const;

export function MenuItems({ kind, entries }: { kind: keyof typeof KINDS; entries: readonly MenuEntry[] }) {
  const { Item, Separator } = KINDS[kind];
  return entries.map(({ id, label, icon: Icon, shortcut, enabled, why, danger, separated, onSelect }) => (
    <Fragment key={id}>
      {separated && <Separator className="menu-separator" />}
      <Item className={danger ? 'menu-item is-danger' : 'menu-item'} disabled={!enabled} onSelect={onSelect} title={!enabled ? why : undefined} data-action={id}>
        {Icon ? <Icon aria-hidden="true" className="menu-icon" /> : <span className="menu-icon" />}
        <span className="menu-label">{label}</span>
        {shortcut && (
          <span className="menu-shortcut" aria-hidden="true">
            {shortcutLabel(shortcut)}
          </span>
        )}
      </Item>
    </Fragment>
  ));
}
