import type { ApiEventEnvelope } from './api';

/**
 * The clock the batcher waits on: the host's setTimeout/clearTimeout, passed in because
 * common has no runtime of its own (and a test may pass a fake one).
 */
export interface BatchTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface EventBatcher {
  push(event: ApiEventEnvelope): void;
  flush(): void;
  close(): void;
}

/**
 * Collects pushed events and hands them over at most every `intervalMs`, so a chatty
 * serial console or a download does not flood the window or the socket. Download progress
 * keeps only its latest value per download, and consecutive log lines of one log are merged;
 * status changes and boot stages are kept one by one, in order.
 */
export function createEventBatcher(deliver: (events: ApiEventEnvelope[]) => void, timers: BatchTimers, intervalMs = 100): EventBatcher {
  let queue: ApiEventEnvelope[] = [];
  let timer: unknown;

  const flush = (): void => {
    timers.clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const events = queue;
    queue = [];
    deliver(events);
  };

  const push = (event: ApiEventEnvelope): void => {
    const last = queue.at(-1);
    if (event.event === 'downloadProgress') {
      const p = event.payload;
      queue = queue.filter((e) => !(e.event === 'downloadProgress' && e.payload.name === p.name && e.payload.url === p.url && e.payload.host === p.host));
      queue.push(event);
    } else if (event.event === 'logLines' && last?.event === 'logLines' && last.payload.name === event.payload.name && last.payload.log === event.payload.log && last.payload.host === event.payload.host) {
      queue[queue.length - 1] = { event: 'logLines', payload: { ...last.payload, lines: [...last.payload.lines, ...event.payload.lines] } };
    } else {
      queue.push(event);
    }
    timer ??= timers.setTimeout(flush, intervalMs);
  };

  return {
    push,
    flush,
    close: () => {
      timers.clearTimeout(timer);
      timer = undefined;
      queue = [];
    },
  };
}
