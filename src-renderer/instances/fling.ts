/**
 * A list flung fast enough that its rows fly past unread draws them plain: while the scroll
 * box moves faster than FLING_PX_PER_S, it carries `is-flinging`, and CSS hides the rows'
 * icons. Rastering each new row's vector icons is what costs a software-rendered browser its
 * frames in such a scroll; text and boxes alone keep up. A wheel or keyboard scroll stays
 * below the speed and never sees it; the icons are back a moment after the list slows.
 * The class is set on the element itself, so a fling re-renders nothing.
 */
import { STILL_MS } from '../usage/settled-work';

/** About 60 rows a second: far faster than anyone reads, slower than a flick or a dragged scrollbar. */
export const FLING_PX_PER_S = 3000;
/** How long the list must be slower than that before the icons return: when settled work resumes too. */
export const SETTLE_MS = STILL_MS;
/** Two scroll events further apart than this are two movements, not one speed. */
const SAME_MOVEMENT_MS = 100;

export const FLINGING_CLASS = 'is-flinging';

/** The speed of one scroll box from its scroll events, in px/s; decides whether it is being flung. */
export class ScrollSpeed {
  private lastTop: number | undefined;
  private lastAt = 0;

  /** Notes a scroll position at `now` (ms); true when the move since the last one was a fling. */
  note(top: number, now: number): boolean {
    const { lastTop, lastAt } = this;
    this.lastTop = top;
    this.lastAt = now;
    if (lastTop === undefined) return false;
    const elapsed = now - lastAt;
    if (elapsed <= 0 || elapsed > SAME_MOVEMENT_MS) return false;
    return (Math.abs(top - lastTop) / elapsed) * 1000 > FLING_PX_PER_S;
  }
}

/**
 * Marks `element` as flung while its scroll events say so; the returned function is its
 * scroll handler. The mark goes SETTLE_MS after the last fast step.
 */
export function flingMarker(now: () => number = () => performance.now()): (element: HTMLElement) => void {
  const speed = new ScrollSpeed();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (element) => {
    if (!speed.note(element.scrollTop, now())) return;
    element.classList.add(FLINGING_CLASS);
    clearTimeout(timer);
    timer = setTimeout(() => element.classList.remove(FLINGING_CLASS), SETTLE_MS);
  };
}
