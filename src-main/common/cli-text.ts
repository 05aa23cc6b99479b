/**
 * Words the command line says to a person: suggestions for a mistyped word, Node's parseArgs
 * errors in plain terms, and text from files made safe to print on a terminal.
 */

/** The candidate within a small edit distance of `word` (a typo, not another word), if any. */
export function closestWord(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** Levenshtein distance with a swap of two neighbours counting as one edit (`strat` → `start`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      const above = d[i - 1]!;
      row[j] = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The options a usage line names (`--json`, `-q`), to suggest from. */
export function optionsOfUsage(usage: string): string[] {
  return [...new Set(usage.match(/--?[A-Za-z][A-Za-z0-9-]*/g) ?? [])];
}

/**
 * Node's parseArgs error as a sentence about the command line, or undefined for any other
 * error. Its own messages quote the option with a stray quote and a long hint about `--`.
 */
export function argsErrorText(err: unknown, usage: string): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return undefined;
  const message = (err as Error).message;
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const hint = closestWord(quoted, optionsOfUsage(usage).filter((o) => o.startsWith('--') === quoted.startsWith('--')));
    return `unknown option ${quoted}${hint ? `; did you mean ${hint}?` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${JSON.stringify(quoted)}`;
  const option = quoted.split(' ')[0] ?? quoted;
  if (/argument missing/.test(message)) return `option ${option} needs a value`;
  if (/does not take an argument/.test(message)) return `option ${option} takes no value`;
  return message.split('. ')[0];
}

/**
 * Text safe to write to a terminal: control characters other than newline and tab (escape
 * sequences that could move the cursor, retitle the window or ring the bell) shown as `\xNN`.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
