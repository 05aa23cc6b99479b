/**
 * Templates as YAML documents with their comments, for embedding: parse, look up and change
 * nodes, and copy nodes (with their comments) from one document into another.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, Pair, parseDocument, Scalar, visit, YAMLMap, type Document, type Node } from 'yaml';
import { TemplateLocatorError, TemplateSyntaxError } from './template-errors';
import { anchorsOf, duplicateKeys, MAX_ALIAS_COUNT } from './yaml-nodes';
import { syntaxProblems } from './yaml-syntax';

export type YamlNode = Node | null | undefined;

/** More alias expansions than this is an alias bomb, not a template. */
const ALIAS_BUDGET = 10_000;

/** Parse template text; syntax errors name the template and the line. Aliases are expanded. */
export function parseTemplateDoc(text: string, source: string): Document {
  let doc: Document;
  const lines = new LineCounter();
  try {
    // Duplicate keys are found below in one pass: the parser's own check is quadratic in a map's size.
    doc = parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false, lineCounter: lines });
  } catch (err) {
    throw new TemplateLocatorError(`cannot parse template "${source}": ${(err as Error).message}`);
  }
  const errors = [...doc.errors, ...duplicateKeys(doc)].sort((a, b) => a.pos[0] - b.pos[0]);
  if (errors.length > 0) throw new TemplateSyntaxError(source, syntaxProblems(errors, text, lines));
  if (doc.contents !== null && !isMap(doc.contents) && !(isScalar(doc.contents) && doc.contents.value === null)) {
    throw new TemplateLocatorError(`template "${source}" must be a YAML map at the top level`);
  }
  flattenAliases(doc, source, text);
  if (!isMap(doc.contents)) doc.contents = new YAMLMap() as unknown as Document['contents'];
  return doc;
}

/**
 * Replace aliases by copies of what they point at, so nodes can move between documents. An
 * alias names the last anchor of its name before it; copies keep their anchors, so the anchors
 * met on the way (in document order, copies included) are the ones to look up.
 */
function flattenAliases(doc: Document, source: string, text: string): void {
  const bomb = anchorsOf(doc).excessive;
  if (bomb) {
    const line = text.slice(0, bomb.range?.[0] ?? 0).split('\n').length;
    throw new TemplateLocatorError(`template "${source}" expands too many aliases: *${bomb.source} on line ${line} makes more than ${MAX_ALIAS_COUNT} copies`);
  }
  let expansions = 0;
  let hasAnchors = false;
  const anchors = new Map<string, Node>();
  visit(doc, {
    Alias(_, alias) {
      if (++expansions > ALIAS_BUDGET) throw new TemplateLocatorError(`template "${source}" expands too many aliases`);
      const target = anchors.get(alias.source);
      if (!target) throw new TemplateLocatorError(`template "${source}": alias *${alias.source} has no anchor`);
      return target.clone() as Node;
    },
    Node(_, node) {
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor) {
        hasAnchors = true;
        anchors.set(anchor, node as Node);
      }
    },
  });
  if (!hasAnchors) return;
  visit(doc, {
    Node(_, node) {
      delete (node as { anchor?: string }).anchor;
    },
  });
}

export function rootMap(doc: Document): YAMLMap {
  return doc.contents as unknown as YAMLMap;
}

/** A map key as Go would see it; undefined for keys that are not scalars. */
export function keyOf(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return key.value === null || key.value === undefined ? undefined : String(key.value);
  return typeof key === 'string' ? key : undefined;
}

export function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return (map.items as Pair[]).find((p) => keyOf(p) === key);
}

export function valueOf(map: unknown, key: string): YamlNode {
  return pairOf(map, key)?.value as YamlNode;
}

export function valueAt(node: unknown, path: readonly (string | number)[]): YamlNode {
  let current: unknown = node;
  for (const part of path) {
    if (typeof part === 'number') current = isSeq(current) ? current.items[part] : undefined;
    else current = valueOf(current, part);
    if (current === undefined || current === null) return undefined;
  }
  return current as YamlNode;
}

/** Go's nil: absent, `key:` or `key: null`. */
export function isUnset(node: unknown): boolean {
  return node === undefined || node === null || (isScalar(node) && (node.value === null || node.value === undefined));
}

/** A string scalar's text; numbers and booleans read as Go's YAML would put them in a string. */
export function stringOf(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'string') return node.value;
  return typeof node.source === 'string' ? node.source : String(node.value);
}

export function deletePair(map: unknown, key: string): void {
  if (!isMap(map)) return;
  const index = (map.items as Pair[]).findIndex((p) => keyOf(p) === key);
  if (index >= 0) map.items.splice(index, 1);
}

export function setPair(map: YAMLMap, key: string, value: Node): void {
  const existing = pairOf(map, key);
  if (existing) existing.value = value;
  else map.items.push(new Pair(new Scalar(key), value));
}

/** Set `path` in `map`, making the maps on the way. */
export function setIn(map: YAMLMap, path: readonly string[], value: Node): void {
  let current = map;
  for (const part of path.slice(0, -1)) {
    let next = valueOf(current, part);
    if (!isMap(next)) {
      next = new YAMLMap();
      setPair(current, part, next);
    }
    current = next as YAMLMap;
  }
  setPair(current, path[path.length - 1] as string, value);
}

export function cloneNode<T extends Node>(node: T): T {
  return node.clone() as T;
}

export function clonePair(pair: Pair): Pair {
  return pair.clone();
}

/** Copy a non-empty head comment (the one above a key) from `src` when `dst` has none. */
export function copyHeadComment(dst: unknown, src: unknown): void {
  if (!isNode(dst) || !isNode(src)) return;
  if (!dst.commentBefore && src.commentBefore) dst.commentBefore = src.commentBefore;
}

/** Copy a non-empty line comment (the one after a value) from `src` when `dst` has none. */
export function copyLineComment(dst: unknown, src: unknown): void {
  if (!isNode(dst) || !isNode(src)) return;
  if (!dst.comment && src.comment) dst.comment = src.comment;
}

export function copyComments(dst: unknown, src: unknown): void {
  copyHeadComment(dst, src);
  copyLineComment(dst, src);
}

export { isAlias, isMap, isScalar, isSeq };
