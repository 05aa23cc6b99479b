import type { LogFields, LogLevel, Logger } from '../../common/logger';

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function formatFields(fields?: LogFields): string {
  if (!fields) return '';
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : String(v)}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/** The CLI's logger: plain lines on stderr, `LEVEL[prefix] message k=v`, filtered by level. */
export function createStderrLogger(
  minLevel: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const emit = (level: LogLevel) => (message: string, fields?: LogFields) => {
    if (order[level] < order[minLevel]) return;
    write(`${level.toUpperCase()}[limadesk] ${message}${formatFields(fields)}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
