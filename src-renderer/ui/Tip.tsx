/** A tooltip (Radix) on any control: its text and, when it has one, its keyboard shortcut. */
import * as Tooltip from '@radix-ui/react-tooltip';
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

export function Tip({ content, shortcut, side = 'top', children, disabled = false }: TipProps) {
  if (disabled) return children;
  return (
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
}

/** One provider for the whole app: tooltips after a short rest, instant while moving between controls. */
export function TipProvider({ children }: { children: ReactNode }) {
  return (
    <Tooltip.Provider delayDuration={500} skipDelayDuration={300}>
      {children}
    </Tooltip.Provider>
  );
}
