/**
 * Work a list row can leave until the list stops scrolling: drawing its sparklines, fetching
 * its usage history and forwards. A fast scroll passes hundreds of rows that are on screen for
 * a frame; doing that work for each would cost the scroll its frames. Queued work runs once
 * the list has been still for a moment, a few milliseconds' worth per turn, and a row that
 * leaves the screen before then takes its work back. It never runs before the rows that asked
 * for it have been painted: a timer set during a render fires before the browser's next frame,
 * and would hold back the rows' first paint with work nobody sees yet.
 */

const STILL_MS = 150;
const BUDGET_MS = 8;

interface Task {
  run: () => void;
}

const queue = new Set<Task>();
let scrollingUntil = 0;
let timer: ReturnType<typeof setTimeout> | number | undefined;

function schedule(delay: number): void {
  if (timer !== undefined) return;
  if (delay > 0 || typeof requestAnimationFrame !== 'function') {
    timer = setTimeout(flush, delay);
    return;
  }
  // A frame callback runs just before the paint, so a timer set from it runs just after.
  timer = requestAnimationFrame(() => {
    timer = setTimeout(flush, 0);
  });
}

function flush(): void {
  timer = undefined;
  const wait = scrollingUntil - performance.now();
  if (wait > 0) return schedule(wait);
  const start = performance.now();
  for (const task of queue) {
    queue.delete(task);
    task.run();
    if (performance.now() - start > BUDGET_MS) break;
  }
  if (queue.size > 0) schedule(0);
}

/** The list moved: queued work waits until it has been still for a moment. */
export function noteScrolling(): void {
  scrollingUntil = performance.now() + STILL_MS;
}

/** Runs `run` once the list is still (after the current turn at the earliest); the returned function cancels it. */
export function whenSettled(run: () => void): () => void {
  const task: Task = { run };
  queue.add(task);
  schedule(Math.max(0, scrollingUntil - performance.now()));
  return () => {
    queue.delete(task);
  };
}
