/**
 * What went wrong with an instance, said under its row: a failed action with what to do next,
 * the reasons a Broken instance is broken, or a failed image download.
 */
import type { InstanceSummary } from '../../src-main/common/api';
import { useAppStore, useDownload, useLatestOp } from '../store/hooks';
import { ACTION_FAILED } from './actions';

export function RowMessage({ instance, columns }: { instance: InstanceSummary; columns: number }) {
  const op = useLatestOp(instance.name);
  const download = useDownload(instance.name);
  const dismissOp = useAppStore((s) => s.dismissOp);
  const failedOp = op?.state === 'failed' ? op : undefined;
  const downloadError = download?.error;
  const broken = instance.status === 'Broken' && instance.errors.length > 0 ? instance.errors : undefined;
  if (!failedOp && !downloadError && !broken) return null;
  return (
    <tr className="row-message" data-message-for={instance.name}>
      <td colSpan={columns}>
        {failedOp?.error && (
          <div role="alert" className="message-error">
            <strong>
              {ACTION_FAILED[failedOp.action]} {instance.name}:
            </strong>{' '}
            {failedOp.error.message}
            <span className="message-hint"> {failedOp.error.hint}</span>{' '}
            <button type="button" className="link-button" onClick={() => dismissOp(failedOp.id)} aria-label={`Dismiss the error of ${instance.name}`}>
              Dismiss
            </button>
          </div>
        )}
        {downloadError && (
          <div role="alert" className="message-error">
            <strong>Image download for {instance.name} failed:</strong> {downloadError}
            <span className="message-hint"> Check the network and the image location in lima.yaml, then start again.</span>
          </div>
        )}
        {broken && (
          <div className="message-warning">
            <strong>{instance.name} is broken:</strong> {broken.join('; ')}
            <span className="message-hint"> Stop cleans up what is left of it; Start tries again.</span>
          </div>
        )}
      </td>
    </tr>
  );
}
