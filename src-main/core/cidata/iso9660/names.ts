import type { DirNode, TreeNode } from './tree';

/**
 * Names as the base ISO 9660 tree stores them: level 1 "8.3" d-characters (A-Z 0-9 _), files
 * with the ";1" version suffix. Readers that know Rock Ridge or Joliet show the real names;
 * these only have to be valid and unique within their directory.
 */
export function primaryNames(dir: DirNode): Map<TreeNode, string> {
  const names = new Map<TreeNode, string>();
  const taken = new Set<string>();
  const children = [...dir.children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const child of children) {
    const { stem, ext } = splitName(child);
    let candidate = compose(child, stem, ext);
    for (let n = 1; taken.has(candidate); n++) {
      const suffix = String(n);
      candidate = compose(child, stem.slice(0, 8 - suffix.length - 1) + '_' + suffix, ext);
    }
    taken.add(candidate);
    names.set(child, candidate);
  }
  return names;
}

function dChars(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

function splitName(node: TreeNode): { stem: string; ext: string } {
  if (node.kind === 'dir') return { stem: dChars(node.name).slice(0, 8) || '_', ext: '' };
  const dot = node.name.lastIndexOf('.');
  const base = dot > 0 ? node.name.slice(0, dot) : node.name;
  const ext = dot > 0 ? node.name.slice(dot + 1) : '';
  return { stem: dChars(base).slice(0, 8) || '_', ext: dChars(ext).slice(0, 3) };
}

function compose(node: TreeNode, stem: string, ext: string): string {
  return node.kind === 'dir' ? stem : `${stem}.${ext};1`;
}

/**
 * ECMA-119 §9.3 order of directory records: by file name, then extension, each compared
 * as if padded with spaces (so "A.B" sorts before "A.B0" although ';' > '0').
 */
export function compareIsoIdentifiers(a: string, b: string): number {
  const [aName, aExt] = splitIdentifier(a);
  const [bName, bExt] = splitIdentifier(b);
  return comparePadded(aName, bName) || comparePadded(aExt, bExt);
}

function splitIdentifier(id: string): [string, string] {
  const withoutVersion = id.replace(/;\d+$/, '');
  const dot = withoutVersion.indexOf('.');
  return dot < 0 ? [withoutVersion, ''] : [withoutVersion.slice(0, dot), withoutVersion.slice(dot + 1)];
}

function comparePadded(a: string, b: string): number {
  const length = Math.max(a.length, b.length);
  const pa = a.padEnd(length, ' ');
  const pb = b.padEnd(length, ' ');
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

/** Joliet allows 64 UCS-2 characters and forbids a few punctuation marks in names. */
export const JOLIET_MAX_CHARS = 64;

export function jolietName(node: TreeNode): string {
  if (node.name.length > JOLIET_MAX_CHARS) {
    throw new Error(`ISO 9660 name ${JSON.stringify(node.name)} in ${JSON.stringify(node.path)} is longer than Joliet's ${JOLIET_MAX_CHARS} characters`);
  }
  return node.name.replace(/[*/:;?\\]/g, '_');
}
