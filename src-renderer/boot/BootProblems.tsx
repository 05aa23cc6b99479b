import type { BootStep } from '../store';
import { STAGE_LABELS } from './timeline';

/**
 * Lima's "degraded": the guest booted and the instance runs, but a mount, probe, script or
 * copy failed. Said above the timeline, each failure with its reason, so it is not missed
 * among the stages that went well.
 */
export function BootProblems({ steps }: { steps: readonly BootStep[] }) {
  const failures = steps.filter((s) => s.ok === false && s.stage !== 'ready');
  const ready = steps.find((s) => s.stage === 'ready');
  if (failures.length === 0 && ready?.ok !== false) return null;
  return (
    <div className="message-warning limadesk-boot-problems" role="alert">
      <strong>The instance runs, but part of its boot failed.</strong>
      {failures.length > 0 ? (
        <ul>
          {failures.map((step, i) => (
            <li key={`${step.stage}-${step.time}-${i}`}>
              {STAGE_LABELS[step.stage]}: {step.message ?? 'failed'}
            </li>
          ))}
        </ul>
      ) : (
        ready?.message && <p>{ready.message}</p>
      )}
      <p>The host agent's log (Logs tab, ha.stderr) has the details.</p>
    </div>
  );
}
