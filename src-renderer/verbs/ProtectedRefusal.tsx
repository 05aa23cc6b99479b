/** Delete… of a protected instance: refused, with the reason and the one way to lift it. */
import { ConfirmDialog } from '../ui/ConfirmDialog';

export function ProtectedRefusal({ name, onUnprotect, onClose }: { name: string; onUnprotect: () => void; onClose: () => void }) {
  return (
    <ConfirmDialog title={`${name} is protected`} confirmLabel={`Unprotect ${name}`} cancelLabel="Close" onConfirm={onUnprotect} onCancel={onClose}>
      <p role="alert">
        <strong>{name} cannot be deleted:</strong> it is protected against accidental deletion and factory reset (<code>limadesk protect {name}</code>).
      </p>
      <p>Unprotect it first if you mean to delete it; nothing is deleted until you choose Delete again.</p>
    </ConfirmDialog>
  );
}
