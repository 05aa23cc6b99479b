/**
 * The detail view of one instance: its tabs (INSTANCE_TABS) as a tablist, the active tab's
 * panel loaded on demand. Loaded lazily itself, so the list paints before any tab's code arrives.
 */
import { Suspense, useEffect, useId, useRef } from 'react';
import { useInstance } from '../store/hooks';
import { formatBytes } from '../instances/format';
import { ErrorBoundary } from './ErrorBoundary';
import { INSTANCE_TABS } from './tabs';
import { panelElementId, TabList, tabElementId } from './TabList';

export interface InstanceDetailProps {
  name: string;
  tab?: string;
  onSelectTab: (tab: string) => void;
  onClose: () => void;
}

export function InstanceDetail({ name, tab, onSelectTab, onClose }: InstanceDetailProps) {
  const idPrefix = useId().replace(/:/g, '');
  const instance = useInstance(name);
  const sectionRef = useRef<HTMLElement>(null);
  // Opened from a long list, the details may start below the fold.
  useEffect(() => {
    sectionRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [name]);
  if (!instance) {
    return (
      <section className="detail" aria-label={`Details of ${name}`}>
        <p>
          There is no instance named <strong>{name}</strong> (any more).{' '}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </p>
      </section>
    );
  }
  const active = INSTANCE_TABS.find((t) => t.id === tab) ?? INSTANCE_TABS[0];
  if (!active) return null;
  const Panel = active.component;
  return (
    <section ref={sectionRef} className="detail" aria-label={`Details of ${name}`}>
      <header className="detail-header">
        <h2>{instance.name}</h2>
        <span className={`status status-${instance.status.toLowerCase()}`}>
          <span className="status-dot" aria-hidden="true" />
          {instance.status}
        </span>
        <span className="detail-facts">
          {instance.arch} · {instance.cpus} CPU{instance.cpus === 1 ? '' : 's'} · {formatBytes(instance.memory)} memory · {formatBytes(instance.disk)} disk
        </span>
        <button type="button" className="close-button" onClick={onClose} aria-label={`Close the details of ${name}`}>
          ✕
        </button>
      </header>
      <TabList
        idPrefix={idPrefix}
        label={`Details of ${name}`}
        tabs={INSTANCE_TABS.map((t) => ({ id: t.id, label: t.label, accessibleName: `${t.label} of ${name}` }))}
        active={active.id}
        onSelect={onSelectTab}
      />
      <div role="tabpanel" id={panelElementId(idPrefix, active.id)} aria-labelledby={tabElementId(idPrefix, active.id)} className="tabpanel" data-panel={active.id}>
        <ErrorBoundary key={`${name}/${active.id}`} what={`The ${active.label} tab`}>
          <Suspense fallback={<p aria-busy="true">Loading {active.label}…</p>}>
            <Panel instance={instance} />
          </Suspense>
        </ErrorBoundary>
      </div>
    </section>
  );
}
