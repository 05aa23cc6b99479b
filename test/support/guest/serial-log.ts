import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The text QEMU has written to a serial log file so far ('' before it exists). */
export function readSerialLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/**
 * Polls a serial log until it contains `marker`, and returns the whole log. Fails early,
 * with the log in the message, when `alive()` says the VM has gone.
 */
export async function waitForSerial(
  path: string,
  marker: string,
  { timeoutMs, alive = () => true }: { timeoutMs: number; alive?: () => boolean },
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = readSerialLog(path);
    if (log.includes(marker)) return log;
    if (!alive()) throw new Error(`the VM exited before "${marker}" appeared in ${path}; the log:\n${log}`);
    if (Date.now() > deadline) throw new Error(`"${marker}" did not appear in ${path} within ${timeoutMs} ms; the log:\n${log}`);
    await sleep(100);
  }
}
