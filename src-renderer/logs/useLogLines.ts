import { useEffect, useState } from 'react';
import type { LogName } from '../../src-main/common/api';
import { useApi } from '../api/ApiContext';
import { appendLines, bufferFromText, type LogBuffer } from './log-lines';

export interface LogState {
  buffer: LogBuffer;
  loading: boolean;
  /** The read began after the file's start: older lines are only on disk. */
  truncated: boolean;
  error?: string;
}

const EMPTY: LogBuffer = { lines: [], partial: false, dropped: 0 };

/**
 * An instance's log as lines: the last `maxBytes` read once, then every line the main side
 * pushes. A change of `reloadKey` (a new start, which truncates serial.log) reads again.
 */
export function useLogLines(name: string, log: LogName, maxBytes: number, reloadKey: unknown = 0): LogState {
  const api = useApi();
  const [state, setState] = useState<LogState>({ buffer: EMPTY, loading: true, truncated: false });

  useEffect(() => {
    let cancelled = false;
    let reading = true;
    // Pushes that arrive while the tail is being read may repeat its end.
    const racing: string[][] = [];
    setState({ buffer: EMPTY, loading: true, truncated: false });
    const off = api.on('logLines', (event) => {
      if (event.name !== name || event.log !== log) return;
      if (reading) racing.push(event.lines);
      else setState((s) => ({ ...s, buffer: appendLines(s.buffer, event.lines) }));
    });
    void api.readLog({ name, log, maxBytes }).then((result) => {
      if (cancelled) return;
      reading = false;
      if (!result.ok) {
        setState({ buffer: EMPTY, loading: false, truncated: false, error: result.message });
        return;
      }
      let buffer = bufferFromText(result.value.text);
      for (const lines of racing) buffer = appendLines(buffer, lines, true);
      setState({ buffer, loading: false, truncated: result.value.truncated });
    });
    return () => {
      cancelled = true;
      off();
    };
  }, [api, name, log, maxBytes, reloadKey]);

  return state;
}
