/**
 * An instance's status as a pill with an icon, and under it what is happening right now: the
 * running action with its time and boot stage, an image download, or why it is Broken.
 */
import { CircleCheck, CircleMinus, LoaderCircle, TriangleAlert } from 'lucide-react';
import type { ApiEvent, InstanceSummary } from '../../src-main/common/api';
import type { BootStep } from '../store/instances-slice';
import { STAGE_LABELS } from '../boot/timeline';
import { useBootSteps, useBusyOp, useDownload, useTransfer } from '../store/hooks';
import type { Op } from '../store/ops-slice';
import { ACTION_PROGRESS, isStopping } from './actions';
import { formatBytes, formatDuration, formatRate } from './format';
import { shortReason } from './problem-text';
import { useNow } from './useNow';
import './status-pill.css';

function DownloadLine({ name, download }: { name: string; download: ApiEvent<'downloadProgress'> }) {
  const { receivedBytes, totalBytes, bytesPerSecond, etaSeconds } = download;
  const percent = totalBytes ? Math.floor((receivedBytes / totalBytes) * 100) : undefined;
  const parts = [
    totalBytes ? `${formatBytes(receivedBytes)} of ${formatBytes(totalBytes)}` : formatBytes(receivedBytes),
    bytesPerSecond !== undefined ? formatRate(bytesPerSecond) : '',
    etaSeconds !== undefined ? `${formatDuration(etaSeconds)} left` : '',
  ].filter(Boolean);
  const text = `Downloading image${percent !== undefined ? ` ${percent}%` : ''}: ${parts.join(' · ')}`;
  return (
    <span className="status-detail download" data-download={name} title={text}>
      <progress
        max={totalBytes ?? undefined}
        value={totalBytes ? receivedBytes : undefined}
        aria-label={`Image download of ${name}`}
        aria-valuetext={percent !== undefined ? `${percent}%` : formatBytes(receivedBytes)}
      />
      <span className="status-detail-text">{text}</span>
    </span>
  );
}

/** The detail under a busy pill: a clone's copy while it runs, else the time and boot stage. */
function BusyLine({ name, busy, label, stage, now }: { name: string; busy: Op; label: string; stage: BootStep['stage'] | undefined; now: number }) {
  const copy = useTransfer('clone', name);
  if (busy.action === 'clone' && copy && !copy.done) return <TransferLine name={name} transfer={copy} />;
  return (
    <span className="status-detail" role="status">
      <span className="visually-hidden">{label}… </span>
      {formatDuration((now - busy.startedAt) / 1000)}
      {stage && (
        <span className="stage" data-stage={stage}>
          {' '}
          · {STAGE_LABELS[stage]}
        </span>
      )}
    </span>
  );
}

/** A clone's disk being copied, under the source's pill. */
function TransferLine({ name, transfer }: { name: string; transfer: ApiEvent<'transferProgress'> }) {
  const percent = transfer.totalBytes > 0 ? Math.floor((transfer.doneBytes / transfer.totalBytes) * 100) : undefined;
  const text = `Copying${percent !== undefined ? ` ${percent}%` : ''} to ${transfer.target}: ${transfer.totalBytes > 0 ? `${formatBytes(transfer.doneBytes)} of ${formatBytes(transfer.totalBytes)}` : formatBytes(transfer.doneBytes)}`;
  return (
    <span className="status-detail download" title={text}>
      <progress max={transfer.totalBytes || undefined} value={transfer.totalBytes ? transfer.doneBytes : undefined} aria-label={`Copy of ${name}`} aria-valuetext={percent !== undefined ? `${percent}%` : formatBytes(transfer.doneBytes)} />
      <span className="status-detail-text">{text}</span>
    </span>
  );
}

/** `withReason`: say why a Broken instance is broken under the pill (the details have a banner instead). */
export function StatusPill({ instance, withReason = true }: { instance: InstanceSummary; withReason?: boolean }) {
  const { name, status } = instance;
  const busy = useBusyOp(name);
  const steps = useBootSteps(name);
  const now = useNow(busy !== undefined);
  const stage = steps.at(-1)?.stage;
  const download = useDownload(name);
  const reason = status === 'Broken' && withReason ? shortReason(instance.errors) : undefined;

  let tone: string = status.toLowerCase();
  let label: string = status;
  let Icon = status === 'Running' ? CircleCheck : status === 'Broken' ? TriangleAlert : CircleMinus;
  if (busy) {
    tone = isStopping(busy.action) ? 'stopping' : 'starting';
    label = ACTION_PROGRESS[busy.action];
    Icon = LoaderCircle;
  }
  // Under a Running pill, "Running" says nothing new: what it waits for does.
  const stageText = stage && status !== 'Stopped' ? (stage === 'running' ? 'Waiting for SSH' : STAGE_LABELS[stage]) : undefined;
  return (
    <span className="status" data-tone={tone}>
      <span className="status-pill" title={instance.errors.join('\n') || undefined}>
        <Icon aria-hidden="true" className={busy ? 'status-icon spin' : 'status-icon'} />
        {label}
      </span>
      {download && !download.done ? (
        <DownloadLine name={name} download={download} />
      ) : busy ? (
        <BusyLine name={name} busy={busy} label={label} stage={stage} now={now} />
      ) : reason ? (
        <span className="status-detail is-problem" title={instance.errors.join('\n')}>
          {reason}
        </span>
      ) : stageText ? (
        <span className="status-detail stage" data-stage={stage}>
          {stageText}
        </span>
      ) : null}
    </span>
  );
}
