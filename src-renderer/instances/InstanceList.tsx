/**
 * The instance list as a virtual table: only the rows in view (and a few around) are in the
 * DOM, so 5,000 instances scroll as smoothly as 5. Rows keep their key (the name), so a live
 * update re-renders one row, and the selection (the route's instance) survives any update.
 * One row is in the Tab order; the arrow keys, Home and End move between rows, scrolling as
 * needed, and Enter opens the focused one.
 */
import * as ContextMenu from '@radix-ui/react-context-menu';
import { elementScroll, useVirtualizer } from '@tanstack/react-virtual';
import type { VirtualizerOptions } from '@tanstack/react-virtual';
import type { Virtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp } from 'lucide-react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useInstance } from '../store/hooks';
import { afterNextPaint, noteScrolling } from '../usage/settled-work';
import { flingMarker } from './fling';
import { MenuItems } from '../ui/MenuItems';
import { InstanceRow } from './InstanceRow';
import { menuEntries } from './RowActions';
import { RowMenuProvider } from './RowMenu';
import { useInstanceActions } from './useInstanceActions';
import type { InstanceSummary } from '../../src-main/common/api';
import type { ListSort, SortKey } from './list-view';
import { SORT_LABELS } from './ListToolbar';

export const ROW_HEIGHT = { wide: 48, compact: 58 } as const;

const MOVES: Record<string, (index: number, count: number, page: number) => number> = {
  ArrowDown: (i, n) => Math.min(i + 1, n - 1),
  ArrowUp: (i) => Math.max(i - 1, 0),
  PageDown: (i, n, page) => Math.min(i + page, n - 1),
  PageUp: (i, _n, page) => Math.max(i - page, 0),
  Home: () => 0,
  End: (_i, n) => n - 1,
};

// Columns of the wide layout, as the header shows them; the compact layout shows facts in one line.
const COLUMNS: { key?: SortKey; label: string; className: string }[] = [
  { key: 'name', label: 'Name', className: 'cell-name' },
  { key: 'status', label: 'Status', className: 'cell-status' },
  { label: 'Usage', className: 'cell-usage' },
  { key: 'arch', label: 'Arch', className: 'cell-arch' },
  { key: 'cpus', label: 'CPUs', className: 'cell-num' },
  { key: 'memory', label: 'Memory', className: 'cell-num' },
  { key: 'disk', label: 'Disk', className: 'cell-num' },
  { key: 'ssh', label: 'SSH', className: 'cell-ssh' },
  { label: 'Actions', className: 'cell-actions' },
];

/**
 * The list's box, from a ResizeObserver only. The library's own observer reads the box at
 * once, which forces a layout in the middle of the first render; until the observer reports
 * (after the browser laid the page out anyway), the window's size stands in, so the rows in
 * view paint in the first frame. A box without layout (a hidden pane) keeps the stand-in.
 */
function observeRect(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: { width: number; height: number }) => void) {
  const element = instance.scrollElement;
  if (!element || typeof ResizeObserver === 'undefined') return undefined;
  const observer = new ResizeObserver(([entry]) => {
    const box = entry?.contentRect;
    if (box && box.height > 0) cb({ width: Math.round(box.width), height: Math.round(box.height) });
  });
  observer.observe(element);
  return () => observer.disconnect();
}

function RowMenuEntries({ instance }: { instance: InstanceSummary }) {
  return <MenuItems kind="context" entries={menuEntries(useInstanceActions(instance))} />;
}

/** The right-click menu of whichever row was clicked: one menu for the list, not one per row. */
function RowContextMenu({ name }: { name: string | undefined }) {
  const instance = useInstance(name ?? '');
  if (!instance) return null;
  return (
    <ContextMenu.Portal>
      <ContextMenu.Content className="menu" aria-label={`Actions for ${instance.name}`}>
        <RowMenuEntries instance={instance} />
      </ContextMenu.Content>
    </ContextMenu.Portal>
  );
}

/**
 * Scrolls only where the list is not already: on mount the virtualizer "restores" offset 0,
 * and that no-op scroll would force a layout before the first paint.
 */
const scrollUnlessThere: VirtualizerOptions<HTMLDivElement, Element>['scrollToFn'] = (offset, options, instance) => {
  if (offset === instance.scrollOffset && !options.adjustments) return;
  elementScroll(offset, options, instance);
};

export interface InstanceListProps {
  names: readonly string[];
  selected?: string | undefined;
  wide: boolean;
  /** Beside an instance's details: rows give the name a line of its own. */
  beside?: boolean;
  sort: ListSort;
  onSort: (sort: ListSort) => void;
  onOpen: (name: string) => void;
}

export function InstanceList({ names, selected, wide, beside = false, sort, onSort, onOpen }: InstanceListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState<string>();
  const [pendingFocus, setPendingFocus] = useState<string>();
  const [menuFor, setMenuFor] = useState<string>();
  const [markFling] = useState(flingMarker);
  const rowHeight = wide ? ROW_HEIGHT.wide : ROW_HEIGHT.compact;
  // The rows around the box (for scrolling into) wait until the rows in it have been painted.
  const [pastFirstPaint, setPastFirstPaint] = useState(false);
  useEffect(() => afterNextPaint(() => setPastFirstPaint(true)), []);

  // Stable callbacks: the virtualizer recomputes every row's position when they change, which
  // for 5,000 rows on every scroll step would cost more than the rows themselves.
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const getItemKey = useCallback((index: number) => names[index] ?? index, [names]);
  const virtualizer = useVirtualizer({
    count: names.length,
    getScrollElement,
    estimateSize,
    getItemKey,
    overscan: pastFirstPaint ? 6 : 0,
    initialRect: { width: window.innerWidth, height: window.innerHeight },
    observeElementRect: observeRect,
    scrollToFn: scrollUnlessThere,
  });
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);

  // The selected instance, opened from elsewhere (a link, a reload), is brought into view once.
  const selectedIndex = selected === undefined ? -1 : names.indexOf(selected);
  const scrolledTo = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (selected === undefined || selectedIndex < 0 || scrolledTo.current === selected) return;
    scrolledTo.current = selected;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selected, selectedIndex, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const rendered = items.map((item) => names[item.index]);
  // One row is in the Tab order: the last focused one, else the selected one, else the first in view.
  const wanted = [pendingFocus, focused, selected].find((n) => n !== undefined && rendered.includes(n));
  const tabStop = wanted ?? rendered[0];

  useLayoutEffect(() => {
    if (pendingFocus === undefined) return;
    const rows = scrollRef.current?.querySelectorAll<HTMLElement>('[data-instance]') ?? [];
    const row = [...rows].find((el) => el.dataset.instance === pendingFocus);
    if (!row) return;
    row.focus({ preventScroll: true });
    setPendingFocus(undefined);
  });

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      const move = MOVES[e.key];
      if (!move || !(e.target instanceof HTMLElement) || e.target.getAttribute('role') !== 'row') return;
      const index = names.indexOf(e.target.dataset.instance ?? '');
      if (index < 0) return;
      e.preventDefault();
      const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / rowHeight) - 1);
      const next = move(index, names.length, page);
      const name = names[next];
      if (name === undefined) return;
      virtualizer.scrollToIndex(next, { align: 'auto' });
      setFocused(name);
      setPendingFocus(name);
    },
    [names, rowHeight, virtualizer],
  );

  return (
    <div role="table" aria-label="Instances" aria-rowcount={names.length + 1} className={wide ? 'instance-table is-wide' : beside ? 'instance-table is-compact is-beside' : 'instance-table is-compact'}>
      <div role="rowgroup" className="instance-head" hidden={!wide}>
        <div role="row" aria-rowindex={1} className="instance-row head-row">
          {COLUMNS.map((c) => {
            const sorted = c.key !== undefined && sort.key === c.key;
            const Arrow = sort.dir === 'asc' ? ArrowUp : ArrowDown;
            return (
              <div key={c.label} role="columnheader" className={c.className} aria-sort={sorted ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                {c.key ? (
                  <button
                    type="button"
                    className="column-sort"
                    onClick={() => onSort({ key: c.key as SortKey, dir: sorted && sort.dir === 'asc' ? 'desc' : 'asc' })}
                    aria-label={`Sort by ${SORT_LABELS[c.key]}`}
                  >
                    {c.label}
                    {sorted && <Arrow aria-hidden="true" />}
                  </button>
                ) : c.className === 'cell-actions' ? (
                  <span className="visually-hidden">{c.label}</span>
                ) : (
                  c.label
                )}
              </div>
            );
          })}
        </div>
      </div>
      <RowMenuProvider>
        <ContextMenu.Root modal={false}>
          <ContextMenu.Trigger asChild>
            <div
              ref={scrollRef}
              role="rowgroup"
              className="instance-body"
              data-list-scroll=""
              onKeyDown={onKeyDown}
              onScroll={(e) => {
                noteScrolling();
                markFling(e.currentTarget);
              }}
              onContextMenu={(e) => {
                const row = e.target instanceof Element ? e.target.closest<HTMLElement>('[data-instance]') : null;
                // Below the last row there is nothing to act on: no menu at all.
                if (!row) e.preventDefault();
                else setMenuFor(row.dataset.instance);
              }}
            >
              <div className="instance-body-inner" style={{ height: virtualizer.getTotalSize() }}>
                {items.map((item) => {
                  const name = names[item.index] as string;
                  return (
                    <InstanceRow
                      key={item.key}
                      name={name}
                      rowIndex={item.index + 2}
                      top={item.start}
                      selected={name === selected}
                      focusable={name === tabStop}
                      compact={!wide}
                      onOpen={onOpen}
                      onFocusRow={setFocused}
                    />
                  );
                })}
              </div>
            </div>
          </ContextMenu.Trigger>
          <RowContextMenu name={menuFor} />
        </ContextMenu.Root>
      </RowMenuProvider>
    </div>
  );
}
