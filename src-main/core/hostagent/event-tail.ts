import { open, stat } from 'node:fs/promises';
import { parseEvent, type HostAgentEvent } from './events';

export interface TailOptions {
  /** Events stamped before this moment belong to an earlier run and are skipped. */
  since: Date;
  /** How often to look for new bytes; polling works on every filesystem, unlike fs.watch. */
  intervalMs?: number;
  signal?: AbortSignal;
}

/**
 * Follows `ha.stdout.log` and yields each event as it is appended. The file may not exist
 * yet and may be truncated by a new start; both are handled by re-reading from the top.
 * Ends only when `signal` aborts (the caller decides which event is the last one it wants).
 */
export async function* tailEvents(file: string, options: TailOptions): AsyncGenerator<HostAgentEvent> {
  const interval = options.intervalMs ?? 100;
  const since = options.since.getTime();
  let offset = 0;
  let partial = '';
  while (!options.signal?.aborted) {
    const chunk = await readFrom(file, offset);
    if (chunk === 'truncated') {
      offset = 0;
      partial = '';
      continue;
    }
    if (chunk.length > 0) {
      offset += chunk.length;
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const event = parseEvent(line);
        if (event && Date.parse(event.time) >= since) yield event;
      }
      continue;
    }
    await sleep(interval, options.signal);
  }
}

async function readFrom(file: string, offset: number): Promise<Buffer | 'truncated'> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw err;
  }
  if (size < offset) return 'truncated';
  if (size === offset) return Buffer.alloc(0);
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(size - offset);
    const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits for the first event that `isLast` accepts, reporting every event on the way.
 * Rejects with `timeoutMessage` after `timeoutMs`.
 */
export async function waitForEvent(
  file: string,
  options: { since: Date; timeoutMs: number; timeoutMessage: string; onEvent?: (e: HostAgentEvent) => void; signal?: AbortSignal },
  isLast: (e: HostAgentEvent) => boolean,
): Promise<HostAgentEvent> {
  const controller = new AbortController();
  const abortOuter = (): void => controller.abort();
  options.signal?.addEventListener('abort', abortOuter, { once: true });
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    for await (const event of tailEvents(file, { since: options.since, signal: controller.signal })) {
      options.onEvent?.(event);
      if (isLast(event)) return event;
    }
    throw new Error(options.signal?.aborted ? 'aborted' : options.timeoutMessage);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abortOuter);
  }
}
