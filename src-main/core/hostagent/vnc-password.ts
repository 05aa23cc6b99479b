import { randomInt } from 'node:crypto';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

/**
 * A VNC password as Lima makes one: 8 characters (all VNC authentication looks at), exactly
 * 2 of them digits, letters of both cases, no symbols (easy to copy), no character twice.
 */
export function generateVncPassword(length = 8, digits = 2): string {
  const pick = (pool: string, count: number, taken: Set<string>): string[] => {
    const out: string[] = [];
    while (out.length < count) {
      const c = pool[randomInt(pool.length)] as string;
      if (taken.has(c)) continue;
      taken.add(c);
      out.push(c);
    }
    return out;
  };
  const taken = new Set<string>();
  const chars = [...pick(DIGITS, digits, taken), ...pick(LETTERS, length - digits, taken)];
  // Fisher-Yates, so the digits are not always in front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
