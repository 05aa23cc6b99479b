/**
 * Reads and writes values of a yaml Document by path, keeping what a hand-edited lima.yaml
 * holds besides values: comments (before a key and after a value), blank lines, and the
 * quoting of a string that stays a string.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Scalar, YAMLMap, YAMLSeq} from 'yaml';
import { isCollection, isMap, isNode, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

export type Path = Array<string | number>;

export function pathText(path: Path): string {
  return path.length === 0 ? '.' : path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? `.${p}` : `.${JSON.stringify(p)}`)).join('');
}

function nodeAt(doc: Document, path: Path): unknown {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isMap(node)) node = node.get(key, true);
    else if (isSeq(node) && typeof key === 'number') node = node.get(key, true);
    else return undefined;
  }
  return node;
}

/** The plain value at `path`; null when nothing is there. */
export function valueAt(doc: Document, path: Path): unknown {
  const node = nodeAt(doc, path);
  if (node === undefined || node === null) return null;
  return isNode(node) ? (node as Node).toJS(doc) : node;
}

function isPlainScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** A node for `value` that takes over the comments and blank line of the node it replaces. */
function replacement(doc: Document, old: unknown, value: unknown): Node {
  const node = doc.createNode(value) as Node;
  if (isNode(old)) {
    const from = old as Node & { commentBefore?: string | null; comment?: string | null; spaceBefore?: boolean };
    const to = node as Node & { commentBefore?: string | null; comment?: string | null; spaceBefore?: boolean };
    if (from.commentBefore) to.commentBefore = from.commentBefore;
    if (from.comment) to.comment = from.comment;
    if (from.spaceBefore) to.spaceBefore = from.spaceBefore;
  }
  return node;
}

/**
 * The node `old` becomes to hold `value`, reusing what can be reused so that comments stay
 * with the values they describe: a scalar changes in place; a map keeps the pairs whose keys
 * remain; a list keeps the entries that are still there (matched in order by value), so
 * appending, filtering or de-duplicating a list moves no comment to another entry.
 */
function reconcile(doc: Document, old: unknown, value: unknown): Node {
  if (isScalar(old) && isPlainScalar(value)) {
    const scalar = old as Scalar;
    if (scalar.value === value) return scalar;
    // The quoting of the old value stays only for a string that replaces a string.
    const keepStyle = typeof scalar.value === 'string' && typeof value === 'string';
    scalar.value = value;
    if (!keepStyle) scalar.type = undefined;
    scalar.source = undefined;
    return scalar;
  }
  if (isMap(old) && isPlainMap(value)) {
    const map = old as YAMLMap;
    if (map.items.length === 0) map.flow = false;
    for (const pair of [...map.items]) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof key !== 'string' || !Object.hasOwn(value, key)) map.delete(pair.key);
    }
    for (const [key, v] of Object.entries(value)) {
      const pair = map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (pair) pair.value = reconcile(doc, pair.value, v);
      else map.set(key, doc.createNode(v));
    }
    return map;
  }
  if (isSeq(old) && Array.isArray(value)) {
    const seq = old as YAMLSeq;
    // `mounts: []` was written flow only because it was empty: entries go in block style.
    if (seq.items.length === 0) seq.flow = false;
    const olds = seq.items.map((item) => ({ item, value: isNode(item) ? (item as Node).toJS(doc) : item, used: false }));
    let from = 0;
    seq.items = value.map((v, i) => {
      const match = olds.findIndex((o, j) => j >= from && !o.used && isDeepStrictEqual(o.value, v));
      if (match >= 0) {
        olds[match]!.used = true;
        from = match + 1;
        return olds[match]!.item;
      }
      // A changed entry at the same place keeps its comments (`.mounts[0] = {...}`).
      const sameIndex = olds[i];
      if (sameIndex && !sameIndex.used && isMap(sameIndex.item) && isPlainMap(v)) {
        sameIndex.used = true;
        return reconcile(doc, sameIndex.item, v);
      }
      return doc.createNode(v);
    });
    return seq;
  }
  return replacement(doc, old, value);
}

const isPlainMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets the value at `path`, making the maps (and lists, for numeric keys) on the way. */
export function setAt(doc: Document, path: Path, value: unknown): void {
  if (path.length === 0) {
    doc.contents = reconcile(doc, doc.contents, value) as Document['contents'];
    return;
  }
  const parent = containerFor(doc, path);
  const key = path[path.length - 1]!;
  const old = isMap(parent) ? parent.get(key, true) : (parent as YAMLSeq).get(key as number, true);
  const node = reconcile(doc, old, value);
  if (node === old) return;
  if (isMap(parent)) {
    parent.set(key, node);
  } else {
    const seq = parent as YAMLSeq;
    const index = key as number;
    while (seq.items.length < index) seq.items.push(doc.createNode(null));
    seq.set(index, node);
  }
}

/** Removes the value at `path` (a missing one is fine); list entries close up. */
export function deleteAt(doc: Document, path: Path): void {
  if (path.length === 0) {
    doc.contents = doc.createNode(null) as Document['contents'];
    return;
  }
  const parent = nodeAt(doc, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (isMap(parent)) parent.delete(key);
  else if (isSeq(parent) && typeof key === 'number') parent.delete(key);
}

function containerFor(doc: Document, path: Path): YAMLMap | YAMLSeq {
  let holder: { get: () => unknown; set: (n: Node) => void } = {
    get: () => doc.contents,
    set: (n) => void (doc.contents = n as Document['contents']),
  };
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    let node = holder.get();
    if (!isCollection(node)) {
      const made = replacement(doc, node, typeof path[i + 1] === 'number' ? [] : {});
      holder.set(made);
      node = made;
    }
    const collection = node as YAMLMap | YAMLSeq;
    if (isSeq(collection) && typeof key !== 'number') throw new Error(`cannot index a list with ${JSON.stringify(key)} at ${pathText(path.slice(0, i + 1))}`);
    holder = childHolder(doc, collection, key);
  }
  let last = holder.get();
  if (!isCollection(last)) {
    last = replacement(doc, last, typeof path[path.length - 1] === 'number' ? [] : {});
    holder.set(last as Node);
  }
  const container = last as YAMLMap | YAMLSeq;
  if (isSeq(container) && typeof path[path.length - 1] !== 'number') {
    throw new Error(`cannot set ${JSON.stringify(path[path.length - 1])} of a list at ${pathText(path.slice(0, -1))}`);
  }
  return container;
}

function childHolder(doc: Document, collection: YAMLMap | YAMLSeq, key: string | number): { get: () => unknown; set: (n: Node) => void } {
  if (isMap(collection)) {
    return {
      get: () => collection.get(key, true),
      set: (n) => {
        const pair = collection.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) === key);
        if (pair) pair.value = n;
        else collection.set(key, n);
      },
    };
  }
  const index = key as number;
  return {
    get: () => collection.get(index, true),
    set: (n) => {
      while (collection.items.length < index) collection.items.push(doc.createNode(null));
      collection.set(index, n);
    },
  };
}
