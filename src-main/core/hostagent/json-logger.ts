import type { LogFields, LogLevel, Logger } from '../../common/logger';

// logrus spells "warn" as "warning"; Lima's readers of ha.stderr.log expect its names.
const LOGRUS_LEVEL: Record<LogLevel, string> = { debug: 'debug', info: 'info', warn: 'warning', error: 'error' };
const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const RESERVED = new Set(['level', 'msg', 'time']);

/**
 * The host agent's logger: one logrus-style JSON object per line (`{"level","msg","time",…}`),
 * which is what `ha.stderr.log` holds for Lima. Fields are merged in, never overriding the
 * three reserved keys.
 */
export function createJsonLogger(
  minLevel: LogLevel = 'debug',
  write: (line: string) => void = (line) => process.stderr.write(line),
  now: () => Date = () => new Date(),
): Logger {
  const emit = (level: LogLevel) => (message: string, fields?: LogFields) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    const entry: Record<string, unknown> = { level: LOGRUS_LEVEL[level], msg: message, time: now().toISOString() };
    for (const [key, value] of Object.entries(fields ?? {})) {
      if (value !== undefined) entry[RESERVED.has(key) ? `fields.${key}` : key] = value;
    }
    write(`${JSON.stringify(entry)}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
