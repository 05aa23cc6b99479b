import { describe, expect, it } from 'vitest';
import { SessionTokens, tokenPrefix } from './session-tokens';

describe('SessionTokens', () => {
  it('issues distinct 32-byte URL-safe tokens, each redeemable once', () => {
    const tokens = new SessionTokens<string>();
    const a = tokens.issue('vm1');
    const b = tokens.issue('vm1');
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(tokens.redeem(a)).toBe('vm1');
    expect(tokens.redeem(a)).toBeUndefined();
    expect(tokens.redeem(b)).toBe('vm1');
  });

  it('refuses a token at its time to live, and forgets expired ones as new ones are issued', () => {
    let now = 0;
    const tokens = new SessionTokens<number>(() => now, 60_000);
    const first = tokens.issue(1);
    now = 59_999;
    const second = tokens.issue(2);
    expect(tokens.redeem(second)).toBe(2);
    now = 60_000;
    expect(tokens.redeem(first)).toBeUndefined();
    for (let i = 0; i < 5; i++) tokens.issue(i);
    now = 200_000;
    tokens.issue(99);
    expect(tokens.size).toBe(1);
  });

  it('shows only a short prefix of a token', () => {
    const token = new SessionTokens<null>().issue(null);
    expect(tokenPrefix(token)).toBe(`${token.slice(0, 6)}…`);
  });
});
