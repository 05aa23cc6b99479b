/** The confirmation before an instance and its disks are removed; a running one is stopped first (`--force`). */
import { useEffect } from 'react';
import { useInstance } from '../store/hooks';
import { ConfirmDialog } from '../ui/ConfirmDialog';

export interface DeleteDialogProps {
  name: string;
  onConfirm: (force: boolean) => void;
  onCancel: () => void;
}

/** Reads the instance live: if it starts or stops while the dialog is open, the choice follows. */
export function DeleteDialog({ name, onConfirm, onCancel }: DeleteDialogProps) {
  const instance = useInstance(name);
  // Deleted elsewhere (the CLI, another window) while the question was open: nothing to ask.
  useEffect(() => {
    if (!instance) onCancel();
  }, [instance, onCancel]);
  if (!instance) return null;
  const force = instance.status !== 'Stopped';
  return (
    <ConfirmDialog
      title={`Delete ${instance.name}?`}
      confirmLabel={force ? 'Stop and delete' : 'Delete'}
      destructive
      onConfirm={() => onConfirm(force)}
      onCancel={onCancel}
    >
      {force && (
        <p>
          <strong>{instance.name} is {instance.status === 'Running' ? 'running' : instance.status.toLowerCase()}.</strong> It will be stopped at once, without a clean shutdown of
          the guest.
        </p>
      )}
      <p>
        Its directory <code>{instance.dir}</code> and its disks are removed. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
