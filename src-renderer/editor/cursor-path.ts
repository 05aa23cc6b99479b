/**
 * Where the cursor is in the YAML structure, worked out from indentation alone: completion
 * and hover must work while the user is in the middle of typing, when the text often does not
 * parse. Sequence items map to index 0, which is enough for schema lookups.
 */
import type { YamlPath } from './document-model';

interface Token {
  col: number;
  /** A key name, or null for a `- ` sequence item. */
  key: string | null;
}

const KEY_RE = /^(["']?)([A-Za-z0-9_.\-/]+)\1\s*:(?=\s|$)/;

/** The structural tokens a line opens, in column order. */
function lineTokens(line: string): Token[] {
  const tokens: Token[] = [];
  let col = 0;
  while (col < line.length && line[col] === ' ') col++;
  if (line[col] === '#' || col >= line.length) return tokens;
  while (line[col] === '-' && (line[col + 1] === ' ' || col + 1 === line.length)) {
    tokens.push({ col, key: null });
    col += 1;
    while (line[col] === ' ') col++;
  }
  const match = KEY_RE.exec(line.slice(col));
  if (match?.[2]) tokens.push({ col, key: match[2] });
  return tokens;
}

function segmentsOf(tokens: Token[]): (string | number)[] {
  return tokens.map((t) => t.key ?? 0);
}

/** Ancestors of a position at `col` on `lineIndex`, from the lines above it. */
function ancestors(lines: string[], lineIndex: number, col: number): Token[] {
  const found: Token[] = [];
  let limit = col;
  for (let i = lineIndex - 1; i >= 0 && limit > 0; i--) {
    const tokens = lineTokens(lines[i] ?? '');
    for (let t = tokens.length - 1; t >= 0; t--) {
      const token = tokens[t]!;
      if (token.col < limit) {
        found.unshift(token);
        limit = token.col;
      }
    }
  }
  return found;
}

export type CursorContext =
  | { kind: 'key'; parentPath: YamlPath; prefix: string; from: number }
  | { kind: 'value'; path: YamlPath; prefix: string; from: number };

/**
 * What is being typed at `offset`: a key inside the map at `parentPath`, or the value of the
 * key at `path`. `from` is the offset where the typed word starts.
 */
export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lines = text.slice(0, lineStart).split('\n');
  const lineIndex = lines.length - 1;
  const before = text.slice(lineStart, offset);
  const onLine = lineTokens(before);
  const lastKey = [...onLine].reverse().find((t) => t.key !== null);
  const colonAt = lastKey ? before.indexOf(':', lastKey.col) : -1;
  if (lastKey && colonAt >= 0) {
    const valueText = before.slice(colonAt + 1);
    const prefix = valueText.trimStart();
    const outer = ancestors(lines, lineIndex, onLine[0]?.col ?? 0);
    return { kind: 'value', path: segmentsOf([...outer, ...onLine]), prefix, from: offset - prefix.length };
  }
  const word = /[A-Za-z0-9_.\-/]*$/.exec(before)?.[0] ?? '';
  const col = before.length - word.length;
  const items = onLine.filter((t) => t.key === null && t.col < col);
  const outer = ancestors(lines, lineIndex, items[0]?.col ?? col);
  return { kind: 'key', parentPath: segmentsOf([...outer, ...items]), prefix: word, from: offset - word.length };
}

/** The path of the key under `offset`, for hover; undefined when not over a key. */
export function keyPathAt(text: string, offset: number): YamlPath | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEndAt = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEndAt === -1 ? text.length : lineEndAt);
  const col = offset - lineStart;
  const tokens = lineTokens(line);
  const key = tokens.find((t) => t.key !== null && col >= t.col && col <= t.col + t.key.length);
  if (!key) return undefined;
  const lines = text.slice(0, lineStart).split('\n');
  const before = tokens.filter((t) => t.col < key.col);
  const outer = ancestors(lines, lines.length - 1, before[0]?.col ?? key.col);
  return segmentsOf([...outer, ...before, key]);
}

/**
 * Keys already present in the map the cursor is in, so completion does not offer them again
 * (a duplicate key is an error in lima.yaml). Scans up and down from the cursor's line while
 * lines stay inside the same block.
 */
export function siblingKeys(text: string, offset: number): Set<string> {
  const lines = text.split('\n');
  const lineIndex = text.slice(0, offset).split('\n').length - 1;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const word = /[A-Za-z0-9_.\-/]*$/.exec(before)?.[0] ?? '';
  const keyCol = before.length - word.length;
  const found = new Set<string>();

  const visit = (i: number, upward: boolean): boolean => {
    const tokens = lineTokens(lines[i] ?? '');
    const first = tokens[0];
    if (!first) return true;
    const atCol = tokens.find((t) => t.col === keyCol && t.key !== null);
    if (first.col < keyCol) {
      // A `- ` line opening this item holds its first key; any other shallower line ends the block.
      if (upward && atCol?.key) found.add(atCol.key);
      return false;
    }
    if (first.col === keyCol && first.key !== null) found.add(first.key);
    return true;
  };
  for (let i = lineIndex - 1; i >= 0 && visit(i, true); i--);
  for (let i = lineIndex + 1; i < lines.length && visit(i, false); i++);
  return found;
}
