/**
 * Work a list row can leave until the list stops scrolling: drawing its sparklines, fetching
 * its usage history and forwards. A fast scroll passes hundreds of rows that are on screen for
 * a frame; doing that work for each would cost the scroll its frames. Queued work runs once
 * the list has been still for a moment, a few milliseconds' worth per turn, and a row that
 * leaves the screen before then takes its work back. It never runs before the rows that asked
 * for it have been painted: a timer set during a render fires before the browser's next frame,
 * and would hold back the rows' first paint with work nobody sees yet.
 */

/** How long the list must be still before it counts as settled. */
export const STILL_MS = 150;
const BUDGET_MS = 8;

interface Task {
  run: () => void;
}

const queue = new Set<Task>();
let scrollingUntil = 0;
let pending = false;

/**
 * Runs `run` just after the browser's next paint: a frame callback runs just before the paint,
 * so a timer set from it runs just after. The returned function cancels it.
 */
export function afterNextPaint(run: () => void): () => void {
  if (typeof requestAnimationFrame !== 'function') {
    const timer = setTimeout(run, 0);
    return () => clearTimeout(timer);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(run, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

function schedule(delay: number): void {
  if (pending) return;
  pending = true;
  if (delay > 0) setTimeout(flush, delay);
  else afterNextPaint(flush);
}

function flush(): void {
  pending = false;
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
