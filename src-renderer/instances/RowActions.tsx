/** Start, Stop, Restart and Delete for one instance; all disabled while any action on it runs. */
import type { InstanceSummary } from '../../src-main/common/api';
import { useAppStore, useBusyOp } from '../store/hooks';
import { formatRoute } from '../store/route';
import type { InstanceAction } from '../store/ops-slice';
import { ACTION_LABELS, actionApplies, stopNeedsForce } from './actions';

export interface RowActionsProps {
  instance: InstanceSummary;
  onDelete: (instance: InstanceSummary) => void;
}

const ORDER: InstanceAction[] = ['start', 'stop', 'restart', 'delete'];

export function RowActions({ instance, onDelete }: RowActionsProps) {
  const busy = useBusyOp(instance.name);
  const runAction = useAppStore((s) => s.runAction);
  const run = (action: InstanceAction) => {
    if (action === 'delete') onDelete(instance);
    else void runAction(instance.name, action, action === 'stop' && stopNeedsForce(instance.status) ? { force: true } : {});
  };
  return (
    <td className="row-actions">
      {ORDER.map((action) => {
        const applies = actionApplies(action, instance.status, instance.protected);
        const why = !applies && action === 'delete' ? `${instance.name} is protected (limactl unprotect ${instance.name})` : undefined;
        return (
          <button
            key={action}
            type="button"
            className={action === 'delete' ? 'danger-outline' : undefined}
            aria-label={`${ACTION_LABELS[action]} ${instance.name}`}
            title={why}
            disabled={busy !== undefined || !applies}
            aria-busy={busy?.action === action || undefined}
            onClick={() => run(action)}
          >
            {ACTION_LABELS[action]}
          </button>
        );
      })}
      {/* The screen is one click from the row, not only from the detail's tab strip. */}
      <a className="button-link" href={formatRoute({ page: 'instances', instance: instance.name, tab: 'console' })} aria-label={`Console of ${instance.name}`}>
        Console
      </a>
    </td>
  );
}
