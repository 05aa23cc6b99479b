// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLING_PX_PER_S, FLINGING_CLASS, flingMarker, ScrollSpeed, SETTLE_MS } from './fling';

describe('ScrollSpeed', () => {
  it('calls a flick a fling, and a wheel scroll not', () => {
    // Wheel notches of 100 px, each a smooth scroll over ~6 frames, 150 ms apart: 1,000 px/s at most.
    const wheel = new ScrollSpeed();
    let t = 0;
    for (let notch = 0; notch < 5; notch++) {
      for (let frame = 1; frame <= 6; frame++) expect(wheel.note(notch * 100 + (frame * 100) / 6, (t += 16.7))).toBe(false);
      t += 50;
    }
    // A flick: 120 px a frame, 7,200 px/s.
    const flick = new ScrollSpeed();
    flick.note(0, 0);
    expect(flick.note(120, 16.7)).toBe(true);
    expect(flick.note(240, 33.4)).toBe(true);
    // Just over and just under the line.
    const edge = new ScrollSpeed();
    edge.note(0, 0);
    expect(edge.note((FLING_PX_PER_S / 1000) * 20 + 1, 20)).toBe(true);
    expect(edge.note((FLING_PX_PER_S / 1000) * 40, 40)).toBe(false);
  });

  it('does not take a jump after a pause (End, PageDown) for a speed', () => {
    const speed = new ScrollSpeed();
    speed.note(0, 0);
    expect(speed.note(240_000, 5000)).toBe(false);
    expect(speed.note(240_000, 5010)).toBe(false);
  });

  it('counts both directions', () => {
    const speed = new ScrollSpeed();
    speed.note(10_000, 0);
    expect(speed.note(9_880, 16)).toBe(true);
  });
});

describe('flingMarker', () => {
  afterEach(() => vi.useRealTimers());

  it('marks the box while it is flung and unmarks it once it has been slow for a moment', () => {
    vi.useFakeTimers();
    let clock = 0;
    const mark = flingMarker(() => clock);
    const box = document.createElement('div');
    const scrollTo = (top: number, at: number) => {
      clock = at;
      Object.defineProperty(box, 'scrollTop', { value: top, configurable: true });
      mark(box);
    };
    scrollTo(0, 0);
    scrollTo(30, 16);
    expect(box.classList.contains(FLINGING_CLASS)).toBe(false);
    scrollTo(150, 32);
    expect(box.classList.contains(FLINGING_CLASS)).toBe(true);
    scrollTo(270, 48);
    vi.advanceTimersByTime(SETTLE_MS - 1);
    expect(box.classList.contains(FLINGING_CLASS)).toBe(true);
    vi.advanceTimersByTime(1);
    expect(box.classList.contains(FLINGING_CLASS)).toBe(false);
  });
});
