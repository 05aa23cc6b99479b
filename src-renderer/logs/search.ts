/** Case-insensitive search over log lines: which lines match, and the pieces to highlight. */
export function matchingLines(lines: readonly string[], query: string): number[] {
  if (query === '') return [];
  const needle = query.toLowerCase();
  const found: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] as string).toLowerCase().includes(needle)) found.push(i);
  }
  return found;
}

export interface Piece {
  text: string;
  match: boolean;
}

export function highlight(line: string, query: string): Piece[] {
  if (query === '') return [{ text: line, match: false }];
  const lower = line.toLowerCase();
  const needle = query.toLowerCase();
  const pieces: Piece[] = [];
  let at = 0;
  for (let i = lower.indexOf(needle); i !== -1; i = lower.indexOf(needle, at)) {
    if (i > at) pieces.push({ text: line.slice(at, i), match: false });
    pieces.push({ text: line.slice(i, i + needle.length), match: true });
    at = i + needle.length;
  }
  if (at < line.length) pieces.push({ text: line.slice(at), match: false });
  return pieces;
}

/** The next (or previous) match from the current one, wrapping around. */
export function stepMatch(count: number, current: number, direction: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}
