import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

const options = { firstMs: 1000, maxMs: 16_000, jitter: 0.5, stableMs: 30_000 };

describe('reconnection back-off', () => {
  it('doubles from the first delay up to the cap', () => {
    const backoff = new Backoff({ ...options, random: () => 0 });
    expect(Array.from({ length: 8 }, () => backoff.next())).toEqual([1000, 2000, 4000, 8000, 16_000, 16_000, 16_000, 16_000]);
  });

  it('shortens each delay by up to its jitter, never lengthens it', () => {
    const backoff = new Backoff({ ...options, random: () => 1 });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([500, 1000, 2000]);
    const half = new Backoff({ ...options, random: () => 0.5 });
    expect(half.next()).toBe(750);
  });

  it('starts over after a connection that stayed up, not after one that dropped at once', () => {
    const backoff = new Backoff({ ...options, random: () => 0 });
    backoff.next();
    backoff.next();
    backoff.next();
    backoff.connected(2_000);
    expect(backoff.next()).toBe(8000);
    backoff.connected(30_000);
    expect(backoff.next()).toBe(1000);
  });

  it('starts over when asked to connect now', () => {
    const backoff = new Backoff({ ...options, random: () => 0 });
    for (let i = 0; i < 10; i++) backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(1000);
  });
});
