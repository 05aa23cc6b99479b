/**
 * After every base is merged, entries of `additionalDisks` (key: name), `mounts` (key: the
 * mount point, or the location when there is none) and `networks` (key: interface) that share
 * a key are combined, as Lima does: the earlier entry gains the listed fields it does not set
 * yet, with their comments, and the later entry is removed. An entry whose key is `*` gives its
 * fields to every entry before it. Only these fields travel; the keys themselves never do.
 */
import { isMap, isSeq, YAMLMap, type Document, type Node, type Scalar, type YAMLSeq } from 'yaml';
import { cloneNode, copyComments, copyHeadComment, isUnset, pairOf, rootMap, setIn, stringOf, valueAt, valueOf } from './template-doc';

type Entry = unknown;

interface ListRule {
  list: string;
  keyOf(entry: Entry): string | undefined;
  /** Copies the fields `dst` lacks from `src`; `upgrade` turns a bare-string entry into a map first. */
  fill(dst: YAMLMap | undefined, src: Entry, upgrade: () => YAMLMap): void;
}

/** `pathOf` fields copied when the destination lacks them (Go: a nil pointer). */
function fillFields(fields: readonly string[][], isEmpty: (node: unknown) => boolean = isUnset) {
  return (dst: YAMLMap | undefined, src: Entry, upgrade: () => YAMLMap): void => {
    for (const field of fields) {
      const value = valueAt(src, field);
      if (isEmpty(value) || !isEmpty(valueAt(dst, field))) continue;
      const target = dst ?? upgrade();
      dst = target;
      setIn(target, field, cloneNode(value as Node));
      const srcPair = pairOf(field.length === 1 ? src : valueAt(src, field.slice(0, -1)), field[field.length - 1] as string);
      const dstPair = pairOf(field.length === 1 ? target : valueAt(target, field.slice(0, -1)), field[field.length - 1] as string);
      copyHeadComment(dstPair?.key, srcPair?.key);
    }
  };
}

const emptyString = (node: unknown): boolean => (stringOf(node) ?? '') === '';
const emptyList = (node: unknown): boolean => !isSeq(node) || node.items.length === 0;

const RULES: readonly ListRule[] = [
  {
    list: 'additionalDisks',
    keyOf: (entry) => (isMap(entry) ? stringOf(valueOf(entry, 'name')) : stringOf(entry)) ?? '',
    fill: (dst, src, upgrade) => {
      fillFields([['format'], ['fsType']])(dst, src, upgrade);
      // fsArgs are inherited all or nothing, never appended.
      if (emptyList(valueAt(dst, ['fsArgs'])) && !emptyList(valueAt(src, ['fsArgs']))) {
        const target = dst ?? upgrade();
        setIn(target, ['fsArgs'], cloneNode(valueAt(src, ['fsArgs']) as Node));
      }
    },
  },
  {
    list: 'mounts',
    keyOf: (entry) => {
      const mountPoint = valueOf(entry, 'mountPoint');
      return isUnset(mountPoint) ? (stringOf(valueOf(entry, 'location')) ?? '') : (stringOf(mountPoint) ?? '');
    },
    fill: fillFields([
      ['mountPoint'], ['writable'],
      ['sshfs', 'cache'], ['sshfs', 'followSymlinks'], ['sshfs', 'sftpDriver'],
      ['9p', 'securityModel'], ['9p', 'protocolVersion'], ['9p', 'msize'], ['9p', 'cache'],
      ['virtiofs', 'queueSize'],
    ]),
  },
  {
    list: 'networks',
    keyOf: (entry) => stringOf(valueOf(entry, 'interface')) ?? '',
    fill: (dst, src, upgrade) => {
      // lima and socket exclude each other: the base's is taken only when neither is set.
      if (emptyString(valueAt(dst, ['lima'])) && emptyString(valueAt(dst, ['socket']))) {
        fillFields([['lima'], ['socket']], emptyString)(dst, src, upgrade);
      }
      fillFields([['macAddress']], emptyString)(dst, src, upgrade);
      fillFields([['vzNAT'], ['metric']])(dst, src, upgrade);
    },
  },
];

export function combineListEntries(doc: Document): void {
  const root = rootMap(doc);
  for (const rule of RULES) {
    const list = valueOf(root, rule.list);
    if (isSeq(list)) combineList(list, rule);
  }
}

function combineList(list: YAMLSeq, rule: ListRule): void {
  const indexByKey = new Map<string, number>();
  for (let src = 0; src < list.items.length; ) {
    const entry = list.items[src];
    const key = rule.keyOf(entry) ?? '';
    let targets: number[];
    if (key === '*') {
      targets = Array.from({ length: src }, (_, i) => i);
    } else if (indexByKey.has(key)) {
      targets = [indexByKey.get(key) as number];
    } else {
      if (key !== '') indexByKey.set(key, src);
      src++;
      continue;
    }
    for (const dst of targets) {
      const current = list.items[dst];
      let upgraded: YAMLMap | undefined;
      const upgrade = (): YAMLMap => {
        // A bare disk name becomes {name: …} so that it can take fields.
        if (upgraded) return upgraded;
        const name = cloneNode(current as Scalar);
        upgraded = new YAMLMap();
        setIn(upgraded, ['name'], name);
        copyComments(upgraded, current);
        name.commentBefore = undefined;
        name.comment = undefined;
        list.items[dst] = upgraded;
        return upgraded;
      };
      rule.fill(isMap(current) ? current : undefined, entry, upgrade);
      if (key !== '*') copyComments(list.items[dst], entry);
    }
    list.items.splice(src, 1);
  }
}
