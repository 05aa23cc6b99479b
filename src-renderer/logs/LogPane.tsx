import { useMemo, type ReactNode } from 'react';
import type { LogName } from '../../src-main/common/api';
import { useBootSteps } from '../store/hooks';
import { logFileName } from './log-names';
import { LogView } from './LogView';
import { useLogLines } from './useLogLines';

export interface LogPaneProps {
  name: string;
  log: LogName;
  maxBytes: number;
  follow?: boolean;
  empty?: ReactNode;
  toolbarStart?: ReactNode;
  className?: string;
  /** Shows each line differently (search and copy see the shown text). */
  format?: (line: string) => string;
}

/** One log of one instance, live: read again when a new start begins a new file. */
export function LogPane({ name, log, maxBytes, follow, empty, toolbarStart, className, format }: LogPaneProps) {
  const startedAt = useBootSteps(name)[0]?.time;
  const { buffer, loading, truncated, error } = useLogLines(name, log, maxBytes, startedAt);
  const file = logFileName(log);
  const lines = useMemo(() => (format ? buffer.lines.map(format) : buffer.lines), [buffer.lines, format]);
  const omitted = buffer.dropped > 0 || truncated;
  const notice = error ? (
    <span role="alert">Cannot read {file}: {error}</span>
  ) : omitted ? (
    `Showing the last ${buffer.lines.length.toLocaleString('en')} lines; older lines are in ${file} in the instance directory.`
  ) : undefined;
  return (
    <LogView
      label={`${file} of ${name}`}
      lines={lines}
      {...(follow !== undefined ? { follow } : {})}
      notice={notice}
      empty={loading ? 'Loading…' : empty}
      toolbarStart={toolbarStart}
      {...(className ? { className } : {})}
    />
  );
}
