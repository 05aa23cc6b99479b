import { createHash, randomBytes } from 'node:crypto';

/** How long an issued console URL stays usable if nobody connects to it. */
export const SESSION_TOKEN_TTL_MS = 60_000;

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/**
 * One-use bearer tokens for console sessions: 32 random bytes, URL-safe. A token is handed
 * out with what it grants, redeemed at most once, and worthless after its time to live.
 *
 * Entries are keyed by a hash of the token, so looking one up reveals nothing through
 * timing about the tokens that exist (a Map compares keys byte by byte).
 */
export class SessionTokens<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs: number = SESSION_TOKEN_TTL_MS,
  ) {}

  issue(value: T): string {
    this.sweep();
    const token = randomBytes(32).toString('base64url');
    this.entries.set(digest(token), { value, expiresAt: this.now() + this.ttlMs });
    return token;
  }

  /** What the token grants, once; undefined when it is unknown, already used or expired. */
  redeem(token: string): T | undefined {
    const key = digest(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    return entry.expiresAt > this.now() ? entry.value : undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Drops expired entries; run on every issue so unused tokens cannot pile up. */
  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}

/** The part of a token that may appear in a log line: enough to tell sessions apart, useless to an attacker. */
export function tokenPrefix(token: string): string {
  return `${token.slice(0, 6)}…`;
}
