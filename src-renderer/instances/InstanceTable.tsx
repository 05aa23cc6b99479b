/**
 * All instances, one row each, kept live by status events. Rows are focusable: arrow keys move
 * between them, Enter opens the detail of the focused one.
 */
import { Fragment, useCallback, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { InstanceSummary } from '../../src-main/common/api';
import { useAppStore, useHasDraft, useInstance, useInstanceNames } from '../store/hooks';
import { DeleteDialog } from './DeleteDialog';
import { formatBytes, formatSsh } from './format';
import { RowActions } from './RowActions';
import { RowMessage } from './RowMessage';
import { StatusCell } from './StatusCell';

const COLUMNS = ['Name', 'Status', 'Arch', 'CPUs', 'Memory', 'Disk', 'SSH', 'Actions'];

interface InstanceRowProps {
  name: string;
  selected: boolean;
  focusable: boolean;
  onOpen: (name: string) => void;
  onFocusRow: (name: string) => void;
  onDelete: (instance: InstanceSummary) => void;
}

function InstanceRow({ name, selected, focusable, onOpen, onFocusRow, onDelete }: InstanceRowProps) {
  const inst = useInstance(name);
  const hasDraft = useHasDraft(name);
  if (!inst) return null;
  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>) => {
    // Enter on a button inside the row is that button's business.
    if (e.key === 'Enter' && e.target === e.currentTarget) {
      e.preventDefault();
      onOpen(name);
    }
  };
  return (
    <Fragment>
      <tr
        role="row"
        data-instance={inst.name}
        data-status={inst.status}
        tabIndex={focusable ? 0 : -1}
        aria-current={selected || undefined}
        className={selected ? 'selected' : undefined}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          if (e.target === e.currentTarget) onFocusRow(name);
        }}
        onClick={(e) => {
          if (!(e.target instanceof Element && e.target.closest('button, a'))) onOpen(name);
        }}
      >
        <td className="name-cell">
          {inst.name}
          {hasDraft && (
            <span className="badge" title="The config editor holds unsaved changes">
              draft
            </span>
          )}
        </td>
        <StatusCell instance={inst} />
        <td>{inst.arch}</td>
        <td className="num">{inst.cpus}</td>
        <td className="num">{formatBytes(inst.memory)}</td>
        <td className="num">{formatBytes(inst.disk)}</td>
        <td>{formatSsh(inst.sshLocalPort)}</td>
        <RowActions instance={inst} onDelete={onDelete} />
      </tr>
      <RowMessage instance={inst} columns={COLUMNS.length} />
    </Fragment>
  );
}

export interface InstanceTableProps {
  selected?: string;
  onOpen: (name: string) => void;
  onCreate?: () => void;
}

const MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowDown: (i, n) => Math.min(i + 1, n - 1),
  ArrowUp: (i) => Math.max(i - 1, 0),
  Home: () => 0,
  End: (_i, n) => n - 1,
};

export function InstanceTable({ selected, onOpen, onCreate }: InstanceTableProps) {
  const names = useInstanceNames();
  const loading = useAppStore((s) => s.listState.loading);
  const error = useAppStore((s) => s.listState.error);
  const refresh = useAppStore((s) => s.refreshInstances);
  const runAction = useAppStore((s) => s.runAction);
  const [focused, setFocused] = useState<string>();
  const [deleting, setDeleting] = useState<string>();
  const cancelDelete = useCallback(() => setDeleting(undefined), []);
  const bodyRef = useRef<HTMLTableSectionElement>(null);

  // One row is in the Tab order: the last focused one, else the selected one, else the first.
  const tabStop = [focused, selected].find((n) => n !== undefined && names.includes(n)) ?? names[0];

  function onBodyKeyDown(e: KeyboardEvent<HTMLTableSectionElement>) {
    const move = MOVES[e.key];
    if (!move || !(e.target instanceof HTMLTableRowElement)) return;
    const rows = [...(bodyRef.current?.querySelectorAll<HTMLTableRowElement>('tr[data-instance]') ?? [])];
    const index = rows.indexOf(e.target);
    if (index < 0) return;
    e.preventDefault();
    rows[move(index, rows.length)]?.focus();
  }

  if (error) {
    return (
      <div role="alert" className="message-error">
        Cannot list instances: {error}{' '}
        <button type="button" onClick={() => void refresh()}>
          Retry
        </button>
      </div>
    );
  }
  if (names.length === 0) {
    if (loading) return <p aria-busy="true">Loading instances…</p>;
    return (
      <div className="empty">
        <p>No instances yet.</p>
        {onCreate && (
          <button type="button" className="primary" onClick={onCreate}>
            Create an instance
          </button>
        )}
      </div>
    );
  }
  return (
    <>
      <table className="instances" aria-label="Instances">
        <thead>
          <tr role="row">
            {COLUMNS.map((c) => (
              <th key={c} scope="col" className={['CPUs', 'Memory', 'Disk'].includes(c) ? 'num' : undefined}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={bodyRef} onKeyDown={onBodyKeyDown}>
          {names.map((name) => (
            <InstanceRow key={name} name={name} selected={name === selected} focusable={name === tabStop} onOpen={onOpen} onFocusRow={setFocused} onDelete={(inst) => setDeleting(inst.name)} />
          ))}
        </tbody>
      </table>
      {deleting && (
        <DeleteDialog
          name={deleting}
          onCancel={cancelDelete}
          onConfirm={(force) => {
            setDeleting(undefined);
            void runAction(deleting, 'delete', force ? { force: true } : {});
          }}
        />
      )}
    </>
  );
}
