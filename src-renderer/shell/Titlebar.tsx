/**
 * The strip across the top of a screen: its title and its main actions. In the Electron app it
 * is the window's title bar (a drag region; its controls are not); in a browser it is a header.
 */
import type { ReactNode } from 'react';

export interface TitlebarProps {
  title: ReactNode;
  /** Beside the title: counts, a status. */
  meta?: ReactNode;
  /** Before the title: a back button on narrow windows. */
  leading?: ReactNode;
  actions?: ReactNode;
  /** The heading's id, for sections labelled by it. */
  titleId?: string;
}

export function Titlebar({ title, meta, leading, actions, titleId }: TitlebarProps) {
  return (
    <header className="titlebar drag-region">
      {leading && <div className="titlebar-leading no-drag">{leading}</div>}
      <h1 className="titlebar-title" id={titleId}>
        {title}
      </h1>
      {meta && <div className="titlebar-meta">{meta}</div>}
      {actions && <div className="titlebar-actions no-drag">{actions}</div>}
    </header>
  );
}
