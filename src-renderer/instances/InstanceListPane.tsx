/**
 * The list side of the Instances screen: the toolbar, then the list, or what to do when it is
 * empty or the filter hides everything. The list takes the wide layout (a column per fact,
 * sortable headers) when it has the room, and two-line rows when it shares the window.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useAppStore } from '../store/hooks';
import { useStoredState } from '../shell/useStoredState';
import { NoInstances, NothingMatches } from './EmptyState';
import { InstanceList } from './InstanceList';
import { DEFAULT_SORT, isListSort, remoteHosts, statusCounts, visibleNames } from './list-view';
import type { HostFilter, StatusFilter } from './list-view';
import { ListToolbar } from './ListToolbar';
import { useUsageWatch } from '../usage/useUsageWatch';
import { HostWarnings } from '../doctor/HostWarnings';

/** Below this width the list switches to two-line rows (a column per fact needs this much). */
const WIDE_LIST_MIN_PX = 1020;

function useWidth(ref: React.RefObject<HTMLElement | null>): number | undefined {
  const [width, setWidth] = useState<number>();
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(entry.contentRect.width);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** The same array while its items do not change, so the list does not re-render for nothing. */
function useStableNames(next: string[]): string[] {
  const previous = useRef(next);
  const prev = previous.current;
  if (prev !== next && (prev.length !== next.length || prev.some((n, i) => n !== next[i]))) previous.current = next;
  return previous.current;
}

export interface ListFilter {
  search: string;
  status: StatusFilter;
  host: HostFilter;
}
export const NO_FILTER: ListFilter = { search: '', status: 'all', host: 'all' };

export interface InstanceListPaneProps {
  selected?: string | undefined;
  /** The detail shares the window: the list is a side list. */
  beside: boolean;
  onOpen: (name: string) => void;
  onCreate: () => void;
  filter: ListFilter;
  onFilter: (filter: ListFilter) => void;
}

export function InstanceListPane({ selected, beside, onOpen, onCreate, filter, onFilter }: InstanceListPaneProps) {
  const instances = useAppStore((s) => s.instances);
  const loading = useAppStore((s) => s.listState.loading);
  const error = useAppStore((s) => s.listState.error);
  const refresh = useAppStore((s) => s.refreshInstances);
  const { search, status, host } = filter;
  const setSearch = (text: string) => onFilter({ ...filter, search: text });
  const setStatus = (next: StatusFilter) => onFilter({ ...filter, status: next });
  const setHost = (next: HostFilter) => onFilter({ ...filter, host: next });
  const [sort, setSort] = useStoredState('listSort', DEFAULT_SORT, isListSort);
  const paneRef = useRef<HTMLDivElement>(null);
  const width = useWidth(paneRef);
  const wide = !beside && (width === undefined ? window.innerWidth >= WIDE_LIST_MIN_PX + 260 : width >= WIDE_LIST_MIN_PX);

  const names = useStableNames(useMemo(() => visibleNames(instances, { search, status, host, sort }), [instances, search, status, host, sort]));
  const counts = useMemo(() => statusCounts(instances), [instances]);
  const hosts = useStableNames(useMemo(() => remoteHosts(instances), [instances]));
  // The running rows' sparklines want samples while the list is on screen.
  useUsageWatch(counts.Running > 0);

  let body;
  if (error) {
    body = (
      <div role="alert" className="message-error list-message">
        Cannot list instances: {error}{' '}
        <button type="button" onClick={() => void refresh()}>
          Retry
        </button>
      </div>
    );
  } else if (counts.all === 0) {
    body = loading ? (
      <p aria-busy="true" className="loading">
        Loading instances…
      </p>
    ) : (
      <NoInstances onCreate={onCreate} />
    );
  } else if (names.length === 0) {
    body = (
      <NothingMatches
        search={search}
        onClear={() => onFilter(NO_FILTER)}
      />
    );
  } else {
    body = <InstanceList names={names} selected={selected} wide={wide} beside={beside} sort={sort} onSort={setSort} onOpen={onOpen} />;
  }

  return (
    <div ref={paneRef} className="list-pane">
      <HostWarnings delayMs={1500} compact={beside} />
      {counts.all > 0 && <ListToolbar search={search} onSearch={setSearch} status={status} onStatus={setStatus} counts={counts} hosts={hosts} host={host} onHost={setHost} sort={sort} onSort={setSort} />}
      {body}
    </div>
  );
}
