/**
 * Above the list: search by name (Ctrl/Cmd+F), a status filter, a host filter once remote hosts
 * hold instances, and the sort, each with its state in view.
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { ArrowDownWideNarrow, ArrowUpNarrowWide, Check, ListFilter, Network, Search, X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { matchesShortcut, shortcutLabel, SHORTCUTS } from '../ui/shortcuts';
import { Tip } from '../ui/Tip';
import { SORT_KEYS, STATUS_FILTERS } from './list-view';
import './list-toolbar.css';
import type { HostFilter, ListSort, SortKey, StatusFilter } from './list-view';

export const SORT_LABELS: Record<SortKey, string> = { name: 'Name', status: 'Status', arch: 'Arch', cpus: 'CPUs', memory: 'Memory', disk: 'Disk', ssh: 'SSH' };
const FILTER_LABELS: Record<StatusFilter, string> = { all: 'All', Running: 'Running', Stopped: 'Stopped', Broken: 'Broken' };

export interface ListToolbarProps {
  search: string;
  onSearch: (text: string) => void;
  status: StatusFilter;
  onStatus: (status: StatusFilter) => void;
  counts: Record<StatusFilter, number>;
  /** Remote hosts with instances; the host filter shows only when there is one. */
  hosts: readonly string[];
  host: HostFilter;
  onHost: (host: HostFilter) => void;
  sort: ListSort;
  onSort: (sort: ListSort) => void;
}

export function ListToolbar({ search, onSearch, status, onStatus, counts, hosts, host, onHost, sort, onSort }: ListToolbarProps) {
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!matchesShortcut(e, SHORTCUTS.search)) return;
      e.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const SortIcon = sort.dir === 'asc' ? ArrowUpNarrowWide : ArrowDownWideNarrow;
  return (
    <div className="list-toolbar" role="toolbar" aria-label="Instance list tools">
      <div className="search-field">
        <Search aria-hidden="true" className="search-icon" />
        <input
          ref={searchRef}
          type="search"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && search) {
              e.preventDefault();
              onSearch('');
            }
          }}
          placeholder="Search"
          title={`Search instances by name (${shortcutLabel(SHORTCUTS.search)})`}
          aria-label="Search instances by name"
          spellCheck={false}
        />
        {search && (
          <button type="button" className="icon-button small search-clear" aria-label="Clear the search" onClick={() => onSearch('')}>
            <X aria-hidden="true" />
          </button>
        )}
      </div>
      <DropdownMenu.Root modal={false}>
        <Tip content="Show instances by status">
          <DropdownMenu.Trigger asChild>
            <button type="button" className={status === 'all' ? 'ghost' : 'ghost is-active'} aria-label={`Status filter: ${FILTER_LABELS[status]}`}>
              <ListFilter aria-hidden="true" />
              <span className="toolbar-label">{status === 'all' ? 'Status' : FILTER_LABELS[status]}</span>
            </button>
          </DropdownMenu.Trigger>
        </Tip>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
            <DropdownMenu.RadioGroup value={status} onValueChange={(v) => onStatus(v as StatusFilter)}>
              {STATUS_FILTERS.map((f) => (
                <DropdownMenu.RadioItem key={f} value={f} className="menu-item">
                  <span className="menu-radio-indicator">
                    <DropdownMenu.ItemIndicator>
                      <Check className="menu-icon" aria-hidden="true" />
                    </DropdownMenu.ItemIndicator>
                  </span>
                  <span className="menu-label">{FILTER_LABELS[f]}</span>
                  <span className="menu-shortcut">{counts[f]}</span>
                </DropdownMenu.RadioItem>
              ))}
            </DropdownMenu.RadioGroup>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {hosts.length > 0 && <HostFilterMenu hosts={hosts} host={host} onHost={onHost} />}
      <DropdownMenu.Root modal={false}>
        <Tip content="Sort the list">
          <DropdownMenu.Trigger asChild>
            <button type="button" className="ghost" aria-label={`Sort by ${SORT_LABELS[sort.key]}, ${sort.dir === 'asc' ? 'ascending' : 'descending'}`}>
              <SortIcon aria-hidden="true" />
              <span className="toolbar-label">{SORT_LABELS[sort.key]}</span>
            </button>
          </DropdownMenu.Trigger>
        </Tip>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
            <DropdownMenu.RadioGroup value={sort.key} onValueChange={(key) => onSort({ key: key as SortKey, dir: sort.dir })}>
              {SORT_KEYS.map((key) => (
                <DropdownMenu.RadioItem key={key} value={key} className="menu-item">
                  <span className="menu-radio-indicator">
                    <DropdownMenu.ItemIndicator>
                      <Check className="menu-icon" aria-hidden="true" />
                    </DropdownMenu.ItemIndicator>
                  </span>
                  <span className="menu-label">{SORT_LABELS[key]}</span>
                </DropdownMenu.RadioItem>
              ))}
            </DropdownMenu.RadioGroup>
            <DropdownMenu.Separator className="menu-separator" />
            <DropdownMenu.RadioGroup value={sort.dir} onValueChange={(dir) => onSort({ key: sort.key, dir: dir as ListSort['dir'] })}>
              {(['asc', 'desc'] as const).map((dir) => (
                <DropdownMenu.RadioItem key={dir} value={dir} className="menu-item">
                  <span className="menu-radio-indicator">
                    <DropdownMenu.ItemIndicator>
                      <Check className="menu-icon" aria-hidden="true" />
                    </DropdownMenu.ItemIndicator>
                  </span>
                  <span className="menu-label">{dir === 'asc' ? 'Ascending' : 'Descending'}</span>
                </DropdownMenu.RadioItem>
              ))}
            </DropdownMenu.RadioGroup>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </div>
  );
}

const hostValue = (host: HostFilter): string => (typeof host === 'string' ? host : `remote:${host.remote}`);
const hostLabel = (host: HostFilter): string => (host === 'all' ? 'All hosts' : host === 'local' ? 'This machine' : host.remote);

function HostFilterMenu({ hosts, host, onHost }: { hosts: readonly string[]; host: HostFilter; onHost: (host: HostFilter) => void }) {
  const choices: HostFilter[] = ['all', 'local', ...hosts.map((remote) => ({ remote }))];
  return (
    <DropdownMenu.Root modal={false}>
      <Tip content="Show instances by host">
        <DropdownMenu.Trigger asChild>
          <button type="button" className={host === 'all' ? 'ghost' : 'ghost is-active'} aria-label={`Host filter: ${hostLabel(host)}`}>
            <Network aria-hidden="true" />
            <span className="toolbar-label">{host === 'all' ? 'Host' : hostLabel(host)}</span>
          </button>
        </DropdownMenu.Trigger>
      </Tip>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.RadioGroup value={hostValue(host)} onValueChange={(v) => onHost(choices.find((c) => hostValue(c) === v) ?? 'all')}>
            {choices.map((choice) => (
              <DropdownMenu.RadioItem key={hostValue(choice)} value={hostValue(choice)} className="menu-item">
                <span className="menu-radio-indicator">
                  <DropdownMenu.ItemIndicator>
                    <Check className="menu-icon" aria-hidden="true" />
                  </DropdownMenu.ItemIndicator>
                </span>
                <span className="menu-label">{hostLabel(choice)}</span>
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
