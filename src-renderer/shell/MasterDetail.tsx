/**
 * A list beside the details of its selected item, with a divider the user drags (or moves with
 * the arrow keys); its position is remembered. The list keeps its width in pixels when the
 * window is resized, so the details take what is gained or lost.
 */
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import type { ReactNode } from 'react';
import { uiStorage } from './useStoredState';

export interface MasterDetailProps {
  /** Names the remembered layout. */
  id: string;
  master: ReactNode;
  /** Without details the list takes the whole width (and comes back scrolled to the selection). */
  detail?: ReactNode;
  /** The divider's accessible name. */
  dividerLabel: string;
}

export function MasterDetail({ id, master, detail, dividerLabel }: MasterDetailProps) {
  const split = Boolean(detail);
  const { defaultLayout, onLayoutChanged } = useDefaultLayout({ id, storage: uiStorage, panelIds: split ? ['master', 'detail'] : ['master'] });
  // Alone, the list needs no panel group: the group measures its panels on every change of
  // their content, which would double the cost of the list's first paint.
  if (!split) return <div className="master-alone">{master}</div>;
  return (
    <Group orientation="horizontal" className="master-detail" defaultLayout={defaultLayout} onLayoutChanged={onLayoutChanged}>
      <Panel id="master" className="master-pane" defaultSize={split ? '34%' : '100%'} minSize={300} maxSize={split ? '60%' : '100%'} groupResizeBehavior="preserve-pixel-size">
        {master}
      </Panel>
      {split && (
        <>
          <Separator className="split-divider" aria-label={dividerLabel} />
          <Panel id="detail" className="detail-pane" minSize={460}>
            {detail}
          </Panel>
        </>
      )}
    </Group>
  );
}
