/**
 * A WAI-ARIA tablist with automatic activation: Left/Right (and Home/End) move between tabs
 * and show them, only the active tab is in the Tab order.
 */
import { useRef } from 'react';
import type { KeyboardEvent } from 'react';

export interface TabListProps {
  /** Prefix for element ids, unique on the page. */
  idPrefix: string;
  label: string;
  tabs: readonly { id: string; label: string; accessibleName: string }[];
  active: string;
  onSelect: (id: string) => void;
}

export function tabElementId(prefix: string, id: string): string {
  return `${prefix}-tab-${id}`;
}

export function panelElementId(prefix: string, id: string): string {
  return `${prefix}-panel-${id}`;
}

export function TabList({ idPrefix, label, tabs, active, onSelect }: TabListProps) {
  const listRef = useRef<HTMLDivElement>(null);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((t) => t.id === active);
    const last = tabs.length - 1;
    const next = { ArrowRight: index >= last ? 0 : index + 1, ArrowLeft: index <= 0 ? last : index - 1, Home: 0, End: last }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const tab = tabs[next];
    if (!tab) return;
    onSelect(tab.id);
    [...(listRef.current?.querySelectorAll<HTMLElement>('[role="tab"]') ?? [])].find((el) => el.dataset.tab === tab.id)?.focus();
  }

  return (
    <div ref={listRef} role="tablist" aria-label={label} className="tablist" onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const selected = tab.id === active;
        return (
          <button
            key={tab.id}
            id={tabElementId(idPrefix, tab.id)}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={panelElementId(idPrefix, tab.id)}
            aria-label={tab.accessibleName}
            tabIndex={selected ? 0 : -1}
            data-tab={tab.id}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
