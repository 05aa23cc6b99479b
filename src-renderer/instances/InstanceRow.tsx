/**
 * One row of the instance list. Memoized and subscribed to its own instance only, so a status
 * change re-renders that row and nothing else. With the row focused, the actions' shortcuts
 * work and Enter opens its details (the right-click menu is the list's, see InstanceList).
 */
import { memo } from 'react';
import type { KeyboardEvent } from 'react';
import { useHasDraft, useInstance } from '../store/hooks';
import { matchesShortcut } from '../ui/shortcuts';
import { factsText, formatBytes, formatSsh, orDash } from './format';
import { ForwardedPorts, HostLabel, OsMark, ProtectedLock, ResourceSparklines } from './row-slots';
import { RowActions } from './RowActions';
import { StatusPill } from './StatusPill';
import { useInstanceActions } from './useInstanceActions';

export interface InstanceRowProps {
  name: string;
  /** 1-based position among all rows (the header is row 1), for screen readers in a virtual list. */
  rowIndex: number;
  /** Pixels from the top of the list. */
  top: number;
  selected: boolean;
  focusable: boolean;
  /** Two-line rows: the forwarded ports go in the facts line (the SSH column is not shown). */
  compact: boolean;
  onOpen: (name: string) => void;
  onFocusRow: (name: string) => void;
}

export const InstanceRow = memo(function InstanceRow({ name, rowIndex, top, selected, focusable, compact, onOpen, onFocusRow }: InstanceRowProps) {
  const inst = useInstance(name);
  const hasDraft = useHasDraft(name);
  if (!inst) return null;
  return <LoadedRow {...{ name, rowIndex, top, selected, focusable, compact, onOpen, onFocusRow, hasDraft }} instance={inst} />;
});

function LoadedRow({ name, rowIndex, top, selected, focusable, compact, onOpen, onFocusRow, hasDraft, instance: inst }: InstanceRowProps & { hasDraft: boolean; instance: NonNullable<ReturnType<typeof useInstance>> }) {
  const actions = useInstanceActions(inst);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' && e.target === e.currentTarget) {
      e.preventDefault();
      onOpen(name);
      return;
    }
    // Typing into a control inside the row is that control's business.
    if (e.target instanceof HTMLInputElement) return;
    const action = actions.actions.find((a) => a.shortcut !== undefined && matchesShortcut(e, a.shortcut));
    if (!action) return;
    e.preventDefault();
    actions.run(action.id);
  };
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      data-instance={name}
      data-status={inst.status}
      tabIndex={focusable ? 0 : -1}
      aria-current={selected || undefined}
      className={selected ? 'instance-row is-selected' : 'instance-row'}
      style={{ transform: `translateY(${top}px)` }}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onFocusRow(name);
      }}
      onClick={(e) => {
        if (!(e.target instanceof Element && e.target.closest('button, a, [role="menu"]'))) onOpen(name);
      }}
    >
      <div role="cell" className="cell-name">
        <OsMark instance={inst} />
        <span className="row-name" title={name}>
          {name}
        </span>
        <ProtectedLock instance={inst} />
        {hasDraft && (
          <span className="badge" title="The config editor holds unsaved changes">
            draft
          </span>
        )}
        <HostLabel instance={inst} />
      </div>
      <div role="cell" className="cell-facts">
        {factsText(inst)}
        {inst.sshLocalPort > 0 && ` · ${formatSsh(inst.sshLocalPort)}`}
        {compact && <ForwardedPorts instance={inst} />}
      </div>
      <div role="cell" className="cell-status">
        <StatusPill instance={inst} />
      </div>
      <div role="cell" className="cell-usage">
        <ResourceSparklines instance={inst} />
      </div>
      <div role="cell" className="cell-arch">
        {orDash(inst.arch)}
      </div>
      <div role="cell" className="cell-num">
        {orDash(inst.cpus)}
      </div>
      <div role="cell" className="cell-num">
        {orDash(inst.memory, formatBytes)}
      </div>
      <div role="cell" className="cell-num">
        {orDash(inst.disk, formatBytes)}
      </div>
      <div role="cell" className="cell-ssh">
        {formatSsh(inst.sshLocalPort)}
        {!compact && <ForwardedPorts instance={inst} />}
      </div>
      <div role="cell" className="cell-actions">
        <RowActions instance={inst} actions={actions} />
      </div>
    </div>
  );
}
