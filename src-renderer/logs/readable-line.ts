/**
 * The host agent logs one JSON object per line (like Lima's logrus output). People read
 * them better as `LEVEL message key=value …`; a line that is not such JSON stays as it is.
 */
export function readableLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return line;
  const { level, msg, time: _time, ...fields } = entry as Record<string, unknown>;
  if (typeof msg !== 'string') return line;
  const rest = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [typeof level === 'string' ? level.toUpperCase() : '', msg, ...rest].filter(Boolean).join(' ');
}

/** Error and warning entries of the host agent log: what to show when no known cause matched. */
export function isProblemLine(line: string): boolean {
  return /"level":"(error|fatal|warning)"/.test(line) || /^(ERRO|FATA|WARN)\[/.test(line);
}
