/**
 * Factory reset…: asks first, listing what goes (the main side's dry run: the disk, the seed,
 * logs…, with their sizes); the YAML files, lima-version and the protection stay. A protected
 * instance is refused by the main side, and the refusal is shown here as it is said.
 */
import { useEffect, useState } from 'react';
import type { ResetEntry } from '../../src-main/common/api';
import { useApi } from '../api/ApiContext';
import { formatBytes } from '../instances/format';
import { useAppStore, useInstance } from '../store/hooks';
import { ConfirmDialog } from '../ui/ConfirmDialog';

type Plan = { state: 'loading' } | { state: 'done'; removed: ResetEntry[] } | { state: 'refused'; message: string };

export function FactoryResetDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const api = useApi();
  const instance = useInstance(name);
  const runTask = useAppStore((s) => s.runTask);
  const [plan, setPlan] = useState<Plan>({ state: 'loading' });

  useEffect(() => {
    let cancelled = false;
    void api.factoryResetInstance({ name, dryRun: true }).then((r) => {
      if (!cancelled) setPlan(r.ok ? { state: 'done', removed: r.value.removed } : { state: 'refused', message: r.message });
    });
    return () => {
      cancelled = true;
    };
  }, [api, name]);

  const confirm = () => {
    onClose();
    void runTask(name, 'factory-reset', () => api.factoryResetInstance({ name, confirmed: true }), {
      done: (v) => ({
        tone: 'success',
        title: `${name} is reset`,
        body: `Removed ${v.removed.length} item${v.removed.length === 1 ? '' : 's'} (${formatBytes(v.removed.reduce((n, e) => n + e.bytes, 0))}). The next start begins from the image again.`,
      }),
    });
  };

  if (plan.state === 'refused') {
    return (
      <ConfirmDialog title={`Cannot reset ${name}`} confirmLabel="Close" cancelLabel="Cancel" onConfirm={onClose} onCancel={onClose}>
        <p role="alert">{plan.message}</p>
      </ConfirmDialog>
    );
  }
  const total = plan.state === 'done' ? plan.removed.reduce((n, e) => n + e.bytes, 0) : 0;
  return (
    <ConfirmDialog title={`Factory reset ${name}?`} confirmLabel="Factory reset" destructive confirmDisabled={plan.state !== 'done'} onConfirm={confirm} onCancel={onClose}>
      {instance?.status === 'Running' && (
        <p>
          <strong>{name} is running.</strong> It is stopped at once, without a clean shutdown of the guest.
        </p>
      )}
      <p>Everything but its YAML files goes: the disk with all that was written to it, so the next start begins from the image again.</p>
      {plan.state === 'loading' ? (
        <p aria-busy="true" className="hint">
          Finding what would be removed…
        </p>
      ) : plan.removed.length === 0 ? (
        <p className="hint">Nothing to remove: it has not been started yet.</p>
      ) : (
        <>
          <p>
            What will be lost ({formatBytes(total)} on disk):
          </p>
          <ul className="dialog-list" aria-label={`What a factory reset removes from ${name}`}>
            {plan.removed.map((e) => (
              <li key={e.name}>
                <code>{e.name}</code>
                <span>{formatBytes(e.bytes)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </ConfirmDialog>
  );
}
