/**
 * The Instances screen: the list and the selected instance's details side by side on a wide
 * window, divided where the user left the divider; below ~1100 px the details take the whole
 * screen with a way back to the list.
 */
import { ArrowLeft, Plus } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import { ErrorBoundary } from '../detail/ErrorBoundary';
import { MasterDetail } from '../shell/MasterDetail';
import { Titlebar } from '../shell/Titlebar';
import { NARROW_LAYOUT, useMediaQuery } from '../shell/useMediaQuery';
import { useAppStore } from '../store/hooks';
import { Tip } from '../ui/Tip';
import { InstanceDialogsProvider } from './InstanceDialogs';
import { InstanceListPane, NO_FILTER } from './InstanceListPane';
import type { ListFilter } from './InstanceListPane';

// The details (and every tab's code) load on first use, so the list paints from a small bundle.
const InstanceDetail = lazy(() => import('../detail/InstanceDetail').then((m) => ({ default: m.InstanceDetail })));

export interface InstancesPageProps {
  selected?: string | undefined;
  tab?: string | undefined;
  line?: number | undefined;
  onOpen: (name: string) => void;
  onSelectTab: (name: string, tab: string) => void;
  onClose: () => void;
  onCreate: () => void;
}

function Counts() {
  const total = useAppStore((s) => Object.keys(s.instances).length);
  const running = useAppStore((s) => {
    let n = 0;
    for (const name in s.instances) if (s.instances[name]?.summary.status === 'Running') n++;
    return n;
  });
  if (total === 0) return null;
  return (
    <span>
      {total} · {running} running
    </span>
  );
}

export function InstancesPage({ selected, tab, line, onOpen, onSelectTab, onClose, onCreate }: InstancesPageProps) {
  const narrow = useMediaQuery(NARROW_LAYOUT);
  // Kept here, not in the list, so they survive the list giving way to a full-page detail and back.
  const [filter, setFilter] = useState<ListFilter>(NO_FILTER);
  const createButton = (
    <Tip content="Create an instance">
      <button type="button" className="primary" onClick={onCreate}>
        <Plus aria-hidden="true" />
        Create
      </button>
    </Tip>
  );
  const detail = selected && (
    <ErrorBoundary key={selected} what="The detail view">
      <Suspense fallback={<p className="loading" aria-busy="true">Loading…</p>}>
        <InstanceDetail key={selected} name={selected} {...(tab ? { tab } : {})} {...(line ? { line } : {})} onSelectTab={(t) => onSelectTab(selected, t)} onClose={onClose} closable={!narrow} />
      </Suspense>
    </ErrorBoundary>
  );

  if (selected && narrow) {
    return (
      <InstanceDialogsProvider>
        <Titlebar
          title="Instances"
          leading={
            <Tip content="Back to the list">
              <button type="button" className="icon-button" onClick={onClose} aria-label="Back to the instance list">
                <ArrowLeft aria-hidden="true" />
              </button>
            </Tip>
          }
          meta={<Counts />}
          actions={createButton}
        />
        <div className="page-fill">{detail}</div>
      </InstanceDialogsProvider>
    );
  }
  const list = <InstanceListPane selected={selected} beside={Boolean(selected)} onOpen={onOpen} onCreate={onCreate} filter={filter} onFilter={setFilter} />;
  return (
    <InstanceDialogsProvider>
      <Titlebar title="Instances" meta={<Counts />} actions={createButton} />
      <div className="page-fill">
        <MasterDetail id="instances-split" master={list} detail={detail || undefined} dividerLabel="Resize the instance list" />
      </div>
    </InstanceDialogsProvider>
  );
}
