/** Small helpers over the `yaml` package's node tree: aliases, merge keys, positions. */
import { isAlias, isMap, isPair, isScalar, isSeq, visit, YAMLParseError, type Alias, type Document, type LineCounter, type Node, type Pair, type YAMLError, type YAMLMap } from 'yaml';

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
  return anchorsOf(doc).target(node);
}

/**
 * Aliases in the editor's `yaml` package refuse a document when one anchor would be copied
 * more than this many times (nested aliases multiply): toJS's default `maxAliasCount`. The
 * same limit here means the server accepts exactly what the editor can open.
 */
export const MAX_ALIAS_COUNT = 100;

interface AnchorUse {
  count: number;
  /** How many copies one use of the anchor makes, nested aliases included; set at its first use. */
  weight: number | undefined;
}

/**
 * Every alias of a document resolved in one pass over it. An alias names the last anchor of
 * that name written before it (YAML's rule); the `yaml` package finds it by walking the whole
 * document on every lookup, which an alias bomb turns into minutes.
 */
export class DocumentAnchors {
  private readonly targets = new Map<Alias, Node | undefined>();
  /** The first alias that takes the document over MAX_ALIAS_COUNT, if one does. */
  readonly excessive: Alias | undefined;

  constructor(doc: Document) {
    const last = new Map<string, Node>();
    const uses = new Map<Node, AnchorUse>();
    let excessive: Alias | undefined;
    visit(doc, {
      Node: (_key, node) => {
        if (isAlias(node)) {
          const target = last.get(node.source);
          this.targets.set(node, target);
          if (target && !excessive && this.countUse(target, uses) > MAX_ALIAS_COUNT) excessive = node;
        } else if (node.anchor) {
          last.set(node.anchor, node);
        }
      },
    });
    this.excessive = excessive;
  }

  target(alias: Alias): Node | undefined {
    return this.targets.get(alias);
  }

  /** As toJS counts: uses of the anchor so far, times the copies each use makes. */
  private countUse(target: Node, uses: Map<Node, AnchorUse>): number {
    let use = uses.get(target);
    if (!use) uses.set(target, (use = { count: 0, weight: undefined }));
    use.count += 1;
    use.weight ??= this.weightOf(target, uses, 0);
    return use.count * use.weight;
  }

  private weightOf(node: unknown, uses: Map<Node, AnchorUse>, depth: number): number {
    if (depth > 64) return MAX_ALIAS_COUNT + 1;
    if (isAlias(node)) {
      const target = this.targets.get(node);
      const use = target ? uses.get(target) : undefined;
      // An anchor inside its own content (`&x {self: *x}`) counts once; the walk reports the loop.
      return use ? use.count * (use.weight ?? 1) : 0;
    }
    if (isPair(node)) return Math.max(this.weightOf(node.key, uses, depth + 1), this.weightOf(node.value, uses, depth + 1));
    if (isMap(node) || isSeq(node)) {
      let max = 0;
      for (const item of node.items as unknown[]) max = Math.max(max, this.weightOf(item, uses, depth + 1));
      return max;
    }
    return 1;
  }
}

const anchorCache = new WeakMap<Document, DocumentAnchors>();

/** The document's aliases, resolved once. The document must not change afterwards. */
export function anchorsOf(doc: Document): DocumentAnchors {
  let anchors = anchorCache.get(doc);
  if (!anchors) anchorCache.set(doc, (anchors = new DocumentAnchors(doc)));
  return anchors;
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

/**
 * Keys written twice in one map, as the parser's `uniqueKeys` option reports them (merge keys
 * may repeat), in one pass: the parser's own check compares each key with every other.
 */
export function duplicateKeys(doc: Document): YAMLError[] {
  const found: YAMLError[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || isMergeKey(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          const range = pair.key.range ?? [0, 0];
          found.push(new YAMLParseError([range[0], range[1]], 'DUPLICATE_KEY', 'Map keys must be unique'));
        }
        seen.add(pair.key.value);
      }
    },
  });
  return found;
}
