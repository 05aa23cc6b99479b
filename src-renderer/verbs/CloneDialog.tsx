/**
 * Clone…: a new name (checked as typed), whether to start the copy, then the copy's progress
 * (the disk is copied copy-on-write where the file system can). The dialog can be hidden while
 * it copies; the source's row keeps showing the progress and a toast says when it is done.
 */
import { useRef, useState } from 'react';
import type { ApiIssue } from '../../src-main/common/api';
import { useApi } from '../api/ApiContext';
import { instanceNameProblem } from '../create/instance-name';
import { useNavigate } from '../shell/navigation';
import { useAppStore, useInstanceNames, useTransfer } from '../store/hooks';
import { taskFailureToast } from '../store/ops-slice';
import { FormDialog } from '../ui/FormDialog';
import { NameField } from './NameField';
import { suggestCopyName } from './names';
import { TransferProgress } from './TransferProgress';

function warningsText(warnings: readonly ApiIssue[]): string {
  return warnings.map((w) => `${w.field ? `${w.field}: ` : ''}${w.message}`).join('; ');
}

export function CloneDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const existing = useInstanceNames();
  const runTask = useAppStore((s) => s.runTask);
  const runAction = useAppStore((s) => s.runAction);
  const [newName, setNewName] = useState(() => suggestCopyName(name, existing));
  const [start, setStart] = useState(false);
  const [touched, setTouched] = useState(false);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'cloning'; target: string } | { kind: 'failed'; message: string }>({ kind: 'idle' });
  const open = useRef(true);
  const transfer = useTransfer('clone', name);
  const cloning = state.kind === 'cloning';

  const submit = async () => {
    setTouched(true);
    if (cloning || instanceNameProblem(newName, existing)) return;
    const target = newName;
    setState({ kind: 'cloning', target });
    const result = await runTask(name, 'clone', () => api.cloneInstance({ name, newName: target }), {
      done: (v) => ({
        tone: 'success',
        title: `Cloned ${name} to ${target}`,
        body: [v.method === 'reflink' ? 'The disk is shared copy-on-write until either writes to it.' : 'The disk was copied.', ...v.notes, warningsText(v.warnings)].filter(Boolean).join(' '),
      }),
      // The dialog says it while it is open; a hidden one leaves it to a toast.
      failed: (f) => (open.current ? undefined : taskFailureToast(name, 'clone', f)),
    });
    if (!result.ok) {
      if (open.current) setState({ kind: 'failed', message: result.message });
      return;
    }
    if (start) void runAction(target, 'start');
    if (open.current) {
      open.current = false;
      onClose();
      navigate({ page: 'instances', instance: target });
    }
  };
  const hide = () => {
    open.current = false;
    onClose();
  };

  const current = transfer && cloning && transfer.target === state.target && !transfer.done ? transfer : undefined;
  return (
    <FormDialog
      title={`Clone ${name}`}
      onSubmit={() => void submit()}
      onDismiss={hide}
      actions={
        <>
          <button type="button" onClick={hide}>
            {cloning ? 'Hide' : 'Cancel'}
          </button>
          <button type="submit" className="primary" disabled={cloning}>
            {cloning ? 'Cloning…' : 'Clone'}
          </button>
        </>
      }
    >
      <p className="hint">A stopped copy with its own name, SSH port and MAC address. Snapshots, logs and the protection are not copied.</p>
      <NameField label="Name of the clone" value={newName} onChange={(v) => (setNewName(v), setTouched(true))} existing={existing} disabled={cloning} showProblem={touched} />
      <label className="dialog-check">
        <input type="checkbox" checked={start} onChange={(e) => setStart(e.target.checked)} disabled={cloning} />
        Start the clone when it is ready
      </label>
      {cloning && <TransferProgress label={`Copying ${name} to ${state.target}`} transfer={current} />}
      {state.kind === 'failed' && (
        <p role="alert" className="message-error">
          <strong>Not cloned:</strong> {state.message}
        </p>
      )}
    </FormDialog>
  );
}
