import type { ApiEvent } from '../../src-main/common/api';
import type { BootStep } from '../store';
import { bootPhase, elapsedMs, formatElapsed, STAGE_LABELS, WAITING_FOR } from './timeline';
import { useNow } from './useNow';

function downloadText(d: ApiEvent<'downloadProgress'>): string {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  const parts = [d.totalBytes ? `${mib(d.receivedBytes)} of ${mib(d.totalBytes)} (${Math.floor((100 * d.receivedBytes) / d.totalBytes)}%)` : mib(d.receivedBytes)];
  if (d.bytesPerSecond) parts.push(`${mib(d.bytesPerSecond)}/s`);
  if (d.etaSeconds !== undefined) parts.push(`about ${formatElapsed(d.etaSeconds * 1000)} left`);
  return parts.join(' · ');
}

export interface BootTimelineProps {
  steps: readonly BootStep[];
  download?: ApiEvent<'downloadProgress'> | undefined;
  /** Steps read back from the event log: no live timer, the agent may be long gone. */
  frozen?: boolean;
}

/** The stages of the latest start with the time each was reached; the latest one live while it lasts. */
export function BootTimeline({ steps, download, frozen = false }: BootTimelineProps) {
  const phase = bootPhase(steps);
  const live = !frozen && (phase === 'starting' || phase === 'stopping');
  const now = useNow(live);
  const first = steps[0];
  if (!first) return <p className="limadesk-boot-idle">No start seen since Limadesk opened. Start the instance to follow its boot here.</p>;
  const lastIndex = steps.length - 1;
  return (
    <ol className="limadesk-boot-steps" aria-label="Boot stages">
      {steps.map((step, i) => {
        const current = i === lastIndex;
        const next = steps[i + 1];
        const took = next ? elapsedMs(step.time, next.time) : live ? elapsedMs(step.time, now) : undefined;
        const waiting = current && live ? WAITING_FOR[step.stage] : undefined;
        return (
          <li
            key={`${step.stage}-${step.time}-${i}`}
            className={`limadesk-boot-step${current ? ' is-current' : ''}${(current && phase === 'failed') || step.ok === false ? ' is-failed' : ''}${step.ok === true ? ' is-ok' : ''}`}
            data-stage={step.stage}
            aria-current={current ? 'step' : undefined}
          >
            <span className="limadesk-boot-at">+{formatElapsed(elapsedMs(first.time, step.time))}</span>
            <span className="limadesk-boot-label">
              {STAGE_LABELS[step.stage] ?? step.stage}
              {step.ok === false && <span className="limadesk-boot-outcome">{step.stage === 'ready' ? ' with problems' : ' failed'}</span>}
            </span>
            {took !== undefined && (
              <span className="limadesk-boot-took" {...(current && live ? { 'data-live': 'true' } : {})}>
                {current && live ? `${formatElapsed(took)} so far` : `took ${formatElapsed(took)}`}
              </span>
            )}
            {waiting && <span className="limadesk-boot-waiting">waiting for {waiting}…</span>}
            {step.stage === 'image-downloading' && download && !download.done && <span className="limadesk-boot-download">{downloadText(download)}</span>}
            {step.message && <span className="limadesk-boot-message">{step.message}</span>}
          </li>
        );
      })}
    </ol>
  );
}
