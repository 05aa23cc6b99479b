/** A tooltip (Radix) on any control: its text and, when it has one, its keyboard shortcut. */
import * as Tooltip from '@radix-ui/react-tooltip';
import { createContext, useContext } from 'react';
import type { ReactElement, ReactNode } from 'react';
import { shortcutLabel } from './shortcuts';
import type { Shortcut } from './shortcuts';

export interface TipProps {
  content: ReactNode;
  shortcut?: Shortcut;
  side?: 'top' | 'right' | 'bottom' | 'left';
  /** The control; it must accept a ref (a DOM element or a forwardRef component). */
  children: ReactElement;
  /** A tip that only repeats a visible label is left out (the collapsed sidebar shows it). */
  disabled?: boolean;
}

const InsideProvider = createContext(false);

export function Tip({ content, shortcut, side = 'top', children, disabled = false }: TipProps) {
  const provided = useContext(InsideProvider);
  if (disabled) return children;
  const tip = (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>{children}</Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tip" side={side} sideOffset={6} collisionPadding={8}>
          {content}
          {shortcut && <kbd className="tip-shortcut">{shortcutLabel(shortcut)}</kbd>}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
  // A component shown on its own (a test, a future second window) still gets its tooltip.
  return provided ? tip : <TipProvider>{tip}</TipProvider>;
}

/** One provider for the whole app: tooltips after a short rest, instant while moving between controls. */
export function TipProvider({ children }: { children: ReactNode }) {
  return (
    <Tooltip.Provider delayDuration={500} skipDelayDuration={300}>
      <InsideProvider.Provider value>{children}</InsideProvider.Provider>
    </Tooltip.Provider>
  );
}
