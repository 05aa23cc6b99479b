import type { LogName } from '../../src-main/common/api';

/** What each log is, in the words of the pick list, and its file in the instance directory. */
export const LOG_CHOICES: readonly { log: LogName; label: string; file: string }[] = [
  { log: 'serial', label: 'Serial console', file: 'serial.log' },
  { log: 'ha.stderr', label: 'Host agent log', file: 'ha.stderr.log' },
  { log: 'ha.stdout', label: 'Host agent events', file: 'ha.stdout.log' },
];

export function logFileName(log: LogName): string {
  return LOG_CHOICES.find((c) => c.log === log)?.file ?? log;
}

export const MiB = 1024 * 1024;
