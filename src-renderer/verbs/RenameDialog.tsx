/** Rename…: a stopped instance gets a new name; its directory moves, and ssh.config, disk locks and drafts follow. */
import { useRef, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { instanceNameProblem } from '../create/instance-name';
import { useNavigate } from '../shell/navigation';
import { useAppStore, useAppStoreApi, useInstanceNames } from '../store/hooks';
import { parseRoute } from '../store/route';
import { taskFailureToast } from '../store/ops-slice';
import { FormDialog } from '../ui/FormDialog';
import { NameField } from './NameField';

export function RenameDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const store = useAppStoreApi();
  const existing = useInstanceNames();
  const runTask = useAppStore((s) => s.runTask);
  const [newName, setNewName] = useState(name);
  const [touched, setTouched] = useState(false);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'renaming' } | { kind: 'failed'; message: string }>({ kind: 'idle' });
  const open = useRef(true);
  // The current name is "in use" only by this instance: keeping it is simply no change.
  const others = existing.filter((n) => n !== name);
  const problem = newName === name ? 'Type the new name.' : instanceNameProblem(newName, others);

  const submit = async () => {
    setTouched(true);
    if (state.kind === 'renaming' || problem) return;
    const target = newName;
    setState({ kind: 'renaming' });
    const result = await runTask(name, 'rename', () => api.renameInstance({ name, newName: target }), {
      done: () => ({ tone: 'success', title: `Renamed ${name} to ${target}` }),
      failed: (f) => (open.current ? undefined : taskFailureToast(name, 'rename', f)),
    });
    if (!result.ok) {
      if (open.current) setState({ kind: 'failed', message: result.message });
      return;
    }
    const state0 = store.getState();
    state0.receiveDeletion(name);
    // An unsaved config draft belongs to the instance, whatever it is called.
    const draft = state0.loadDraft(name);
    if (draft) {
      state0.saveDraft(target, draft);
      state0.clearDraft(name);
    }
    const route = parseRoute(window.location.hash);
    if (route.page === 'instances' && route.instance === name) navigate({ ...route, instance: target });
    open.current = false;
    onClose();
  };
  const dismiss = () => {
    open.current = false;
    onClose();
  };

  return (
    <FormDialog
      title={`Rename ${name}`}
      onSubmit={() => void submit()}
      onDismiss={dismiss}
      dismissible={state.kind !== 'renaming'}
      actions={
        <>
          <button type="button" onClick={dismiss} disabled={state.kind === 'renaming'}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={state.kind === 'renaming'}>
            {state.kind === 'renaming' ? 'Renaming…' : 'Rename'}
          </button>
        </>
      }
    >
      <NameField label="New name" value={newName} onChange={(v) => (setNewName(v), setTouched(true))} existing={others} disabled={state.kind === 'renaming'} showProblem={touched && newName !== name} />
      {touched && problem && newName === name && <p className="hint">{problem}</p>}
      <p className="hint">limactl knows it by the new name too; its disk is not copied.</p>
      {state.kind === 'failed' && (
        <p role="alert" className="message-error">
          <strong>Not renamed:</strong> {state.message}
        </p>
      )}
    </FormDialog>
  );
}
