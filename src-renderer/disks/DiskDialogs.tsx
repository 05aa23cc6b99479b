/** The Disks screen's questions: create, import, resize, attach, and delete (asked first). */
import { useId, useState } from 'react';
import type { DiskInfo } from '../../src-main/common/api';
import { useApi } from '../api/ApiContext';
import { formatBytes } from '../instances/format';
import { useInstanceNames, useTransfer } from '../store/hooks';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { FormDialog } from '../ui/FormDialog';
import { Modal } from '../ui/Modal';
import { TransferProgress } from '../verbs/TransferProgress';
import { diskNameProblem, parseSize, resizeProblem } from './disk-checks';

/** What a finished change tells the page: a line to show, and an instance to offer a restart to. */
export interface DiskOutcome {
  message: string;
  restart?: string;
  failed?: boolean;
}

interface FieldProps {
  label: string;
  value: string;
  onChange: (v: string) => void;
  problem: string | undefined;
  hint: string;
  disabled: boolean;
  placeholder?: string;
}

function Field({ label, value, onChange, problem, hint, disabled, placeholder }: FieldProps) {
  const id = useId();
  return (
    <div className="dialog-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        autoComplete="off"
        disabled={disabled}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-note`}
      />
      {problem ? (
        <p id={`${id}-note`} className="field-problem">
          {problem}
        </p>
      ) : (
        <small id={`${id}-note`} className="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

function Failure({ what, message }: { what: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="message-error">
      <strong>{what}:</strong> {message}
    </p>
  );
}

function Buttons({ busy, label, busyLabel, onCancel }: { busy: boolean; label: string; busyLabel: string; onCancel: () => void }) {
  return (
    <>
      <button type="button" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? busyLabel : label}
      </button>
    </>
  );
}

interface DialogProps {
  onClose: () => void;
  onDone: (outcome: DiskOutcome) => void;
}

export function CreateDiskDialog({ existing, onClose, onDone }: DialogProps & { existing: readonly string[] }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [size, setSize] = useState('10GiB');
  const [format, setFormat] = useState<'qcow2' | 'raw'>('qcow2');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string>();
  const formatId = useId();
  const nameProblem = diskNameProblem(name, existing);
  const parsed = parseSize(size);
  const sizeProblem = 'problem' in parsed ? parsed.problem : undefined;
  const submit = async () => {
    setTried(true);
    if (busy || nameProblem || sizeProblem) return;
    setBusy(true);
    setFailed(undefined);
    const result = await api.createDisk({ name, size: size.trim(), format });
    setBusy(false);
    if (!result.ok) return setFailed(result.message);
    onDone({ message: `Created disk ${name}: ${formatBytes(result.value.disk.size)}, ${result.value.disk.format}. Attach it to an instance to use it.` });
  };
  return (
    <FormDialog title="Create a disk" onSubmit={() => void submit()} onDismiss={onClose} dismissible={!busy} actions={<Buttons busy={busy} label="Create" busyLabel="Creating…" onCancel={onClose} />}>
      <Field label="Name" value={name} onChange={setName} problem={tried || name ? nameProblem : undefined} hint="The guest mounts it at /mnt/lima-NAME." disabled={busy} placeholder="data" />
      <Field label="Size" value={size} onChange={setSize} problem={sizeProblem} hint="e.g. 10GiB; it can grow later, never shrink" disabled={busy} />
      <div className="dialog-field">
        <label htmlFor={formatId}>Format</label>
        <select id={formatId} value={format} onChange={(e) => setFormat(e.target.value as 'qcow2' | 'raw')} disabled={busy}>
          <option value="qcow2">qcow2: takes only what is written</option>
          <option value="raw">raw: a plain image, sparse where the file system can</option>
        </select>
      </div>
      <Failure what="Not created" message={failed} />
    </FormDialog>
  );
}

export function ImportDiskDialog({ existing, onClose, onDone }: DialogProps & { existing: readonly string[] }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [path, setPath] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState<string>();
  const [failed, setFailed] = useState<string>();
  const transfer = useTransfer('disk-import', busy ?? '');
  const nameProblem = diskNameProblem(name, existing);
  const pathProblem = path.trim() === '' ? 'Give the path of a qcow2 or raw image on this computer.' : !/^(\/|[A-Za-z]:[\\/]|~\/)/.test(path.trim()) ? 'Give the whole path, starting at / (or a drive letter).' : undefined;
  const submit = async () => {
    setTried(true);
    if (busy || nameProblem || pathProblem) return;
    setBusy(name);
    setFailed(undefined);
    const result = await api.importDisk({ name, path: path.trim() });
    setBusy(undefined);
    if (!result.ok) return setFailed(result.message);
    onDone({ message: `Imported ${path.trim()} as disk ${name} (${result.value.method === 'reflink' ? 'copy-on-write' : 'copied'}): ${formatBytes(result.value.disk.size)}, ${result.value.disk.format}.` });
  };
  return (
    <FormDialog title="Import a disk image" onSubmit={() => void submit()} onDismiss={onClose} dismissible={!busy} actions={<Buttons busy={busy !== undefined} label="Import" busyLabel="Importing…" onCancel={onClose} />}>
      <Field label="Image file" value={path} onChange={setPath} problem={tried ? pathProblem : undefined} hint="A qcow2 or raw image on this computer; it is copied, the original stays." disabled={busy !== undefined} placeholder="/home/me/images/data.qcow2" />
      <Field label="Name" value={name} onChange={setName} problem={tried || name ? nameProblem : undefined} hint="The new disk's name." disabled={busy !== undefined} placeholder="data" />
      {busy && <TransferProgress label={`Copying into ${busy}`} transfer={transfer && !transfer.done ? transfer : undefined} />}
      <Failure what="Not imported" message={failed} />
    </FormDialog>
  );
}

export function ResizeDiskDialog({ disk, onClose, onDone }: DialogProps & { disk: DiskInfo }) {
  const api = useApi();
  const [size, setSize] = useState(formatBytes(disk.size * 2));
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string>();
  const problem = resizeProblem(size, disk.size);
  const submit = async () => {
    if (busy || problem) return;
    setBusy(true);
    setFailed(undefined);
    const result = await api.resizeDisk({ name: disk.name, size: size.trim() });
    setBusy(false);
    if (!result.ok) return setFailed(result.message);
    onDone({ message: `Disk ${disk.name} is now ${formatBytes(result.value.disk.size)}. The guest grows its file system at the next start.` });
  };
  return (
    <FormDialog title={`Resize ${disk.name}`} onSubmit={() => void submit()} onDismiss={onClose} dismissible={!busy} actions={<Buttons busy={busy} label="Resize" busyLabel="Resizing…" onCancel={onClose} />}>
      <p>It is {formatBytes(disk.size)} now.</p>
      <Field label="New size" value={size} onChange={setSize} problem={problem} hint="Larger than now: a disk only grows." disabled={busy} />
      <Failure what="Not resized" message={failed} />
    </FormDialog>
  );
}

export function AttachDiskDialog({ disk, onClose, onDone }: DialogProps & { disk: DiskInfo }) {
  const api = useApi();
  const names = useInstanceNames();
  const choices = names.filter((n) => !disk.referencedBy.includes(n));
  const [instance, setInstance] = useState(choices[0] ?? '');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string>();
  const selectId = useId();
  const submit = async () => {
    if (busy || !instance) return;
    setBusy(true);
    setFailed(undefined);
    const result = await api.attachDisk({ name: instance, disk: disk.name });
    setBusy(false);
    if (!result.ok) return setFailed(result.message);
    onDone(
      result.value.restartNeeded
        ? { message: `${instance} names ${disk.name} in its lima.yaml. It is running: restart it to use the disk.`, restart: instance }
        : { message: `${instance} names ${disk.name} in its lima.yaml; the guest mounts it at ${disk.mountPoint} when it starts.` },
    );
  };
  return (
    <FormDialog title={`Attach ${disk.name}`} onSubmit={() => void submit()} onDismiss={onClose} dismissible={!busy} actions={<Buttons busy={busy} label="Attach" busyLabel="Attaching…" onCancel={onClose} />}>
      {choices.length === 0 ? (
        <p>Every instance already names {disk.name}.</p>
      ) : (
        <div className="dialog-field">
          <label htmlFor={selectId}>Instance</label>
          <select id={selectId} value={instance} onChange={(e) => setInstance(e.target.value)} disabled={busy}>
            {choices.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <small className="hint">Adds the disk to the instance&apos;s additionalDisks; it is used from its next start.</small>
        </div>
      )}
      <Failure what="Not attached" message={failed} />
    </FormDialog>
  );
}

/**
 * Delete…: refused at once while an instance holds or names the disk (naming it); otherwise
 * asked, then done, the outcome shown on the page (the main side refuses too, naming the
 * instance, if one took the disk meanwhile).
 */
export function DeleteDiskDialog({ disk, onClose, onDone }: DialogProps & { disk: DiskInfo }) {
  const api = useApi();
  const users = disk.instance ? [disk.instance, ...disk.referencedBy.filter((n) => n !== disk.instance)] : disk.referencedBy;
  if (users.length > 0) {
    return (
      <Modal
        title={`Cannot delete ${disk.name}`}
        onDismiss={onClose}
        actions={
          <button type="button" onClick={onClose}>
            Close
          </button>
        }
      >
        <p role="alert">
          <strong>
            {disk.name} is in use by {users.join(', ')}
          </strong>
          {disk.instance ? `: ${disk.instance} holds its lock${users.length > 1 ? ', and the others name it in additionalDisks' : ''}.` : ': named in additionalDisks.'}
        </p>
        <p>Detach it from {users.length === 1 ? users[0] : 'them'} first (its menu on this screen has Detach); then it can be deleted.</p>
      </Modal>
    );
  }
  const confirm = async () => {
    onClose();
    const result = await api.deleteDisk({ name: disk.name, confirmed: true });
    onDone(result.ok ? { message: `Deleted disk ${disk.name}.` } : { message: `Disk ${disk.name} was not deleted: ${result.message}`, failed: true });
  };
  return (
    <ConfirmDialog title={`Delete disk ${disk.name}?`} confirmLabel="Delete" destructive onConfirm={() => void confirm()} onCancel={onClose}>
      <p>
        <code>{disk.dir}</code> ({formatBytes(disk.sizeOnDisk)} on disk) is removed with everything written to it. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
