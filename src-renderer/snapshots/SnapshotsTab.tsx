import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { ApiResult, SnapshotInfo } from '../../src-main/common/api';
import { useApi } from '../api/ApiContext';
import type { InstanceTabProps } from '../detail/tabs';
import { Modal } from '../ui/Modal';
import { suggestTag, tagProblem } from './snapshot-tag';
import './snapshots.css';

type Op = 'create' | 'apply' | 'delete';
type List = { state: 'loading' } | { state: 'done'; snapshots: SnapshotInfo[] } | { state: 'no-disk' } | { state: 'error'; message: string };

/**
 * A never-started instance has no disk to snapshot. The API refuses such a listing as a
 * 'wrong-state' failure saying "has no disk yet"; that is a state to explain, not an error.
 */
function listState(result: ApiResult<{ snapshots: SnapshotInfo[] }>): List {
  if (result.ok) return { state: 'done', snapshots: result.value.snapshots };
  if (result.code === 'wrong-state' && /has no disk yet/.test(result.message)) return { state: 'no-disk' };
  return { state: 'error', message: result.message };
}

const BUSY_TEXT: Record<Op, (tag: string, running: boolean) => string> = {
  create: (tag, running) => `Saving snapshot "${tag}"…${running ? ' The VM pauses while its memory is saved.' : ''}`,
  apply: (tag) => `Applying snapshot "${tag}"…`,
  delete: (tag) => `Deleting snapshot "${tag}"…`,
};

const DONE_TEXT: Record<Op, (tag: string) => string> = {
  create: (tag) => `Snapshot "${tag}" saved.`,
  apply: (tag) => `Snapshot "${tag}" applied.`,
  delete: (tag) => `Snapshot "${tag}" deleted.`,
};

/** Snapshots of an instance's disk (and memory, while it runs): list, save, apply, delete. */
export function SnapshotsTab({ instance }: InstanceTabProps) {
  const api = useApi();
  const { name, status } = instance;
  const running = status === 'Running';
  const inputId = useId();
  const problemId = useId();
  const [list, setList] = useState<List>({ state: 'loading' });
  const [tag, setTag] = useState(() => suggestTag(new Date()));
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState<{ op: Op; tag: string }>();
  const [confirm, setConfirm] = useState<{ op: 'apply' | 'delete'; tag: string }>();
  const [outcome, setOutcome] = useState<{ ok: boolean; op: Op; tag: string; message: string }>();

  const refresh = useCallback(async () => {
    const result = await api.listSnapshots({ name });
    setList(listState(result));
  }, [api, name]);

  // The list changes with the instance's state too (a stopped disk is read with qemu-img).
  useEffect(() => {
    void refresh();
  }, [refresh, status]);

  const tags = list.state === 'done' ? list.snapshots.map((s) => s.tag) : [];
  const noDisk = list.state === 'no-disk';
  const problem = tagProblem(tag, tags);

  const run = async (op: Op, target: string) => {
    setConfirm(undefined);
    setBusy({ op, tag: target });
    setOutcome(undefined);
    const params = { name, tag: target };
    const result: ApiResult<unknown> =
      op === 'create' ? await api.createSnapshot(params) : op === 'apply' ? await api.applySnapshot(params) : await api.deleteSnapshot(params);
    setBusy(undefined);
    setOutcome(result.ok ? { ok: true, op, tag: target, message: DONE_TEXT[op](target) } : { ok: false, op, tag: target, message: result.message });
    if (result.ok && op === 'create') {
      setTag(suggestTag(new Date()));
      setTouched(false);
    }
    await refresh();
  };

  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!problem && !busy) void run('create', tag);
  };

  return (
    <section className="limadesk-snapshots" aria-label={`Snapshots of ${name}`}>
      <form className="limadesk-snapshot-create" onSubmit={onCreate} noValidate>
        <label htmlFor={inputId}>New snapshot tag</label>
        <input
          id={inputId}
          type="text"
          value={tag}
          onChange={(e) => {
            setTag(e.target.value);
            setTouched(true);
          }}
          aria-invalid={touched && problem ? true : undefined}
          aria-describedby={problemId}
          spellCheck={false}
          disabled={Boolean(busy) || noDisk}
        />
        <button type="submit" disabled={Boolean(busy) || noDisk || (touched && Boolean(problem))}>
          {busy?.op === 'create' ? 'Saving…' : 'Take snapshot'}
        </button>
        <span id={problemId} className="limadesk-snapshot-problem">
          {noDisk ? 'Nothing to save before the first start.' : touched && problem ? problem : running ? 'Saves the disk and the running memory.' : 'Saves the disk of the stopped VM.'}
        </span>
      </form>

      {busy && (
        <p role="status" className="limadesk-snapshot-busy">
          {BUSY_TEXT[busy.op](busy.tag, running)}
        </p>
      )}
      {outcome?.ok && <p role="status">{outcome.message}</p>}
      {outcome && !outcome.ok && (
        <div role="alert" className="limadesk-snapshot-error">
          <strong>
            Could not {outcome.op} snapshot &quot;{outcome.tag}&quot;:
          </strong>
          <pre>{outcome.message}</pre>
        </div>
      )}

      {list.state === 'loading' && <p>Loading snapshots…</p>}
      {noDisk && (
        <p className="message-info" role="status">
          {name} has no disk yet: it is made on the first start. Start {name} once, then take snapshots of it.
        </p>
      )}
      {list.state === 'error' && (
        <div role="alert" className="limadesk-snapshot-error">
          <strong>Could not list the snapshots:</strong>
          <pre>{list.message}</pre>
          <button type="button" onClick={() => void refresh()}>
            Try again
          </button>
        </div>
      )}
      {list.state === 'done' && list.snapshots.length === 0 && <p>No snapshots yet.</p>}
      {list.state === 'done' && list.snapshots.length > 0 && (
        <table className="limadesk-snapshot-table" aria-label={`Snapshots of ${name}`}>
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col">Memory state</th>
              <th scope="col">Taken</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.snapshots.map((s) => (
              <tr key={s.tag} data-snapshot={s.tag}>
                <td>{s.tag}</td>
                <td>{s.vmStateSize === '0 B' || s.vmStateSize === '' ? 'none (disk only)' : s.vmStateSize}</td>
                <td>{s.date}</td>
                <td>
                  <div className="limadesk-snapshot-actions">
                    <button type="button" disabled={Boolean(busy)} onClick={() => setConfirm({ op: 'apply', tag: s.tag })} aria-label={`Apply snapshot ${s.tag}`}>
                      {busy?.op === 'apply' && busy.tag === s.tag ? 'Applying…' : 'Apply'}
                    </button>
                    <button type="button" disabled={Boolean(busy)} onClick={() => setConfirm({ op: 'delete', tag: s.tag })} aria-label={`Delete snapshot ${s.tag}`}>
                      {busy?.op === 'delete' && busy.tag === s.tag ? 'Deleting…' : 'Delete'}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {confirm && (
        <Modal
          title={confirm.op === 'apply' ? `Apply snapshot "${confirm.tag}"?` : `Delete snapshot "${confirm.tag}"?`}
          onDismiss={() => setConfirm(undefined)}
          actions={
            <>
              <button type="button" onClick={() => setConfirm(undefined)}>
                Cancel
              </button>
              <button type="button" className="danger" onClick={() => void run(confirm.op, confirm.tag)}>
                {confirm.op === 'apply' ? 'Apply' : 'Delete'}
              </button>
            </>
          }
        >
          {confirm.op === 'apply' ? (
            <p>
              {name}&apos;s disk{running ? ' and memory go' : ' goes'} back to how {running ? 'they were' : 'it was'} when &quot;{confirm.tag}&quot; was taken. Everything written since is lost.
            </p>
          ) : (
            <p>The snapshot &quot;{confirm.tag}&quot; is removed from {name}&apos;s disk. This cannot be undone.</p>
          )}
        </Modal>
      )}
    </section>
  );
}
