/**
 * The "more actions" menu of the list's rows: one Radix dropdown for the whole list, opened
 * under whichever row's button was pressed. A row then carries a plain button only, which
 * keeps a screenful of rows cheap to render and to scroll, and no element is swapped under
 * the pointer between a press and its click.
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { InstanceSummary } from '../../src-main/common/api';
import { useInstance } from '../store/hooks';
import { MenuItems } from '../ui/MenuItems';
import { menuEntries } from './RowActions';
import { useInstanceActions } from './useInstanceActions';

interface OpenMenu {
  name: string;
  button: HTMLElement;
  rect: DOMRect;
}

const RowMenuContext = createContext<{ open: (name: string, button: HTMLElement) => void; openFor?: string | undefined }>({ open: () => undefined });

export function useRowMenu() {
  return useContext(RowMenuContext);
}

function Entries({ instance }: { instance: InstanceSummary }) {
  return <MenuItems kind="dropdown" entries={menuEntries(useInstanceActions(instance))} />;
}

export function RowMenuProvider({ children }: { children: ReactNode }) {
  const [menu, setMenu] = useState<OpenMenu>();
  const instance = useInstance(menu?.name ?? '');
  const open = useCallback((name: string, button: HTMLElement) => setMenu({ name, button, rect: button.getBoundingClientRect() }), []);
  // A new value would re-render every row's controls on every scroll step of the list.
  const openFor = menu?.name;
  const value = useMemo(() => ({ open, openFor }), [open, openFor]);
  return (
    <RowMenuContext.Provider value={value}>
      {children}
      {menu && instance && (
        <DropdownMenu.Root modal={false} open onOpenChange={(isOpen) => !isOpen && setMenu(undefined)}>
          <DropdownMenu.Trigger asChild>
            {/* The anchor: where the row's button is; the button itself keeps the focus story. */}
            <span aria-hidden="true" className="row-menu-anchor" style={{ left: menu.rect.left, top: menu.rect.top, width: menu.rect.width, height: menu.rect.height }} />
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content
              className="menu"
              align="end"
              sideOffset={4}
              aria-label={`More actions for ${menu.name}`}
              // Named by its row, not by the invisible anchor Radix takes as its trigger.
              aria-labelledby={undefined}
              onCloseAutoFocus={(e) => {
                e.preventDefault();
                if (menu.button.isConnected) menu.button.focus();
              }}
            >
              <Entries instance={instance} />
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      )}
    </RowMenuContext.Provider>
  );
}
