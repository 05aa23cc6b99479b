/** The status of one instance, with what it is doing right now: the action, boot stage and image download. */
import type { InstanceSummary } from '../../src-main/common/api';
import { useBootSteps, useBusyOp, useDownload } from '../store/hooks';
import { ACTION_PROGRESS } from './actions';
import { formatBytes, formatDuration, formatRate } from './format';
import { useNow } from './useNow';

function DownloadProgress({ name }: { name: string }) {
  const download = useDownload(name);
  if (!download || download.done) return null;
  const { receivedBytes, totalBytes, bytesPerSecond, etaSeconds } = download;
  const percent = totalBytes ? Math.floor((receivedBytes / totalBytes) * 100) : undefined;
  const parts = [
    totalBytes ? `${formatBytes(receivedBytes)} of ${formatBytes(totalBytes)}` : formatBytes(receivedBytes),
    bytesPerSecond !== undefined ? formatRate(bytesPerSecond) : '',
    etaSeconds !== undefined ? `${formatDuration(etaSeconds)} left` : '',
  ].filter(Boolean);
  return (
    <div className="download" data-download={name}>
      <progress
        max={totalBytes ?? undefined}
        value={totalBytes ? receivedBytes : undefined}
        aria-label={`Image download of ${name}`}
        aria-valuetext={percent !== undefined ? `${percent}%` : formatBytes(receivedBytes)}
      />
      <span className="download-text">
        Downloading image{percent !== undefined ? ` ${percent}%` : ''}: {parts.join(' · ')}
      </span>
    </div>
  );
}

export function StatusCell({ instance }: { instance: InstanceSummary }) {
  const busy = useBusyOp(instance.name);
  const steps = useBootSteps(instance.name);
  const now = useNow(busy !== undefined);
  const stage = steps.at(-1)?.stage;
  const problem = instance.errors.join('; ');
  return (
    <td className="status-cell">
      <span className={`status status-${instance.status.toLowerCase()}`} title={problem || undefined}>
        <span className="status-dot" aria-hidden="true" />
        {instance.status}
      </span>
      {stage && instance.status !== 'Stopped' ? <span className="stage"> ({stage})</span> : null}
      {busy && (
        <span className="op-progress" role="status">
          <span className="spinner" aria-hidden="true" /> {ACTION_PROGRESS[busy.action]}… {formatDuration((now - busy.startedAt) / 1000)}
        </span>
      )}
      <DownloadProgress name={instance.name} />
    </td>
  );
}
