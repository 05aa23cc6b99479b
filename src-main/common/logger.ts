/**
 * The one logging interface core code takes as an argument. The app backs it with
 * electron-log, the CLI with a plain stderr logger, tests with a recording fake.
 * Fields are structured so that secrets can be kept out by construction: never put a
 * password in `message` or `fields`.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that drops everything, for callers that have nothing to say. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
