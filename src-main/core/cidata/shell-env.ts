/** A value as one single-quoted shell word, so `. file` in the guest reads it back verbatim. */
export function shellQuote(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error(`value ${JSON.stringify(value)} must not contain a line break or NUL`);
  return /^[A-Za-z0-9_@%+=:,./-]*$/.test(value) && value !== '' ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function envLines(entries: Iterable<readonly [string, string]>): string {
  return [...entries].map(([key, value]) => `${key}=${shellQuote(value)}\n`).join('');
}
