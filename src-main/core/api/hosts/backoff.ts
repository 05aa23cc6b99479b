/**
 * How long to wait before the next connection attempt to a host: doubling from `firstMs` up
 * to `maxMs`, each delay shortened by up to `jitter` of itself so that several hosts dropped
 * by one network outage do not all retry in the same instant. A connection that stayed up
 * `stableMs` starts the next series from the beginning; one that dropped sooner does not, so
 * a host that accepts and then fails at once is not hammered.
 */
export interface BackoffOptions {
  firstMs: number;
  maxMs: number;
  jitter: number;
  stableMs: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { firstMs: 1_000, maxMs: 60_000, jitter: 0.2, stableMs: 30_000 };

export class Backoff {
  private attempt = 0;
  private readonly random: () => number;

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt, after a failed one. */
  next(): number {
    const base = Math.min(this.options.maxMs, this.options.firstMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(base * (1 - this.options.jitter * this.random()));
  }

  /** A connection got through and stayed up `upMs`: a long enough one starts over. */
  connected(upMs: number): void {
    if (upMs >= this.options.stableMs) this.attempt = 0;
  }

  /** The user asked to connect now: the next failure waits the first delay again. */
  reset(): void {
    this.attempt = 0;
  }
}
