import { useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../api/ApiContext';
import type { BootStep, Op } from '../store';
import { diagnoseStart, type LogSource, type MatchedLine } from './failure-hints';
import { isProblemLine, readableLogLine } from '../logs/readable-line';

const TAIL_BYTES = 64 * 1024;
const SHOWN_PROBLEMS = 12;

export interface StartFailureProps {
  name: string;
  steps: readonly BootStep[];
  /** The failed start action, when this page started it. */
  op?: Op | undefined;
}

/**
 * What the start reported, once: the host agent's errors from its exit stage, and the start
 * action's own error only when it says more than those (it usually wraps them).
 */
export function reportedErrors(steps: readonly BootStep[], op: Op | undefined): string[] {
  const fromStages = [...new Set(steps.filter((s) => s.message && (s.stage === 'exiting' || s.stage === 'qemu-exited')).map((s) => s.message as string))];
  const fromAction = op?.state === 'failed' ? op.error?.message : undefined;
  if (fromAction && !fromStages.some((m) => fromAction.includes(m))) return [fromAction, ...fromStages];
  return fromStages;
}

/** Hints quote lima.yaml fields in backticks, as Lima's messages do; show those as code. */
function withCode(text: string): ReactNode[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

/** The log files' lines are the evidence; the reported errors above repeat them. */
function evidence(lines: readonly MatchedLine[]): readonly MatchedLine[] {
  const fromLogs = lines.filter((l) => l.source !== 'start');
  return fromLogs.length > 0 ? fromLogs : lines;
}

/** Why the last start failed: the known cause with its fix, and the log lines that show it. */
export function StartFailure({ name, steps, op }: StartFailureProps) {
  const api = useApi();
  const [logs, setLogs] = useState<LogSource[]>();
  const failedAt = steps[steps.length - 1]?.time ?? op?.finishedAt;

  useEffect(() => {
    let cancelled = false;
    void Promise.all(
      (['ha.stderr', 'serial'] as const).map(async (log) => {
        const result = await api.readLog({ name, log, maxBytes: TAIL_BYTES });
        return { source: `${log}.log`, lines: result.ok ? result.value.text.split('\n').filter((l) => l !== '') : [] };
      }),
    ).then((sources) => !cancelled && setLogs(sources));
    return () => {
      cancelled = true;
    };
  }, [api, name, failedAt]);

  const reported = reportedErrors(steps, op);
  const sources: LogSource[] = [{ source: 'start', lines: reported }, ...(logs ?? [])];
  const hints = diagnoseStart(sources);
  const problems = (logs?.find((l) => l.source === 'ha.stderr.log')?.lines ?? []).filter(isProblemLine).slice(-SHOWN_PROBLEMS);

  return (
    <section className="limadesk-start-failure" role="alert" aria-label="Start failed">
      <h3>The start failed</h3>
      {reported.map((message, i) => (
        <p key={i} className="limadesk-start-error">
          {message}
        </p>
      ))}
      {op?.error?.hint && hints.length === 0 && <p>{op.error.hint}</p>}
      {hints.map((hint) => (
        <div key={hint.id} className="limadesk-start-hint" data-cause={hint.id}>
          <h4>{hint.title}</h4>
          <p>
            {withCode(hint.hint)}
            {hint.id !== 'port-in-use' && (
              <>
                {' '}
                <a href="#/doctor">Open the Doctor page</a>
              </>
            )}
          </p>
          <pre aria-label={`Log lines showing: ${hint.title}`}>
            {evidence(hint.lines).map((l) => `${l.source}: ${readableLogLine(l.line)}`).join('\n')}
          </pre>
        </div>
      ))}
      {logs && hints.length === 0 && (
        <>
          <p>No known cause matched. The host agent reported:</p>
          <pre aria-label="Host agent errors and warnings">{problems.length > 0 ? problems.map(readableLogLine).join('\n') : '(nothing; see the Logs tab)'}</pre>
        </>
      )}
    </section>
  );
}
