/** Small helpers over the `yaml` package's node tree: aliases, merge keys, positions. */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';

export interface Position {
  line: number;
  col: number;
}

/** `<<: *base` (YAML merge key), which the parser is told to honour as Go's yaml does. */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.type === 'PLAIN' && key.source === '<<';
}

/** Follows an alias to its anchor; undefined for an anchor that does not exist. */
export function deref(doc: Document, node: unknown): unknown {
  if (!isAlias(node)) return node;
  try {
    return node.resolve(doc);
  } catch {
    return undefined;
  }
}

/** The key text of a pair, as Go would use it: scalars by their value, anything else is not a key. */
export function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (!isScalar(key) || key.value === null || key.value === undefined) return undefined;
  return typeof key.value === 'symbol' ? undefined : String(key.value);
}

export function offsetOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** The pairs of a map, with merge-key sources first so that the map's own keys win. */
export function effectivePairs(doc: Document, map: YAMLMap, depth = 0): Pair[] {
  const merged: Pair[] = [];
  const own: Pair[] = [];
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) {
      own.push(pair);
      continue;
    }
    if (depth > 16) continue;
    const source = deref(doc, pair.value);
    const sources = isSeq(source) ? source.items.map((i) => deref(doc, i)) : [source];
    for (const s of sources) if (isMap(s) && s !== map) merged.push(...effectivePairs(doc, s, depth + 1));
  }
  return [...merged, ...own];
}

/**
 * The position of the value at `path` in the document: the key for a map entry, the item for
 * a list entry. Undefined when the path does not exist in this document.
 */
export function positionIn(doc: Document, lines: LineCounter, path: ReadonlyArray<string | number>): Position | undefined {
  let node: unknown = deref(doc, doc.contents);
  let at: number | undefined = offsetOf(node) ?? 0;
  for (const part of path) {
    if (typeof part === 'number' && isSeq(node)) {
      const item = node.items[part];
      if (item === undefined) return undefined;
      at = offsetOf(item) ?? at;
      node = deref(doc, item);
    } else if (typeof part === 'string' && isMap(node)) {
      const pairs = effectivePairs(doc, node);
      const pair = pairs.find((p) => keyText(p) === part);
      if (!pair) return undefined;
      at = offsetOf(pair.key) ?? at;
      node = deref(doc, pair.value);
    } else {
      return undefined;
    }
  }
  if (at === undefined) return undefined;
  const pos = lines.linePos(at);
  return { line: pos.line, col: pos.col };
}
