/** A file to put on the image: a `/`-separated relative path, its bytes and its POSIX mode bits. */
export interface IsoFileInput {
  path: string;
  data: Uint8Array;
  /** Permission bits (e.g. 0o755) recorded by Rock Ridge; 0o644 when absent. */
  mode?: number;
}

export interface FileNode {
  kind: 'file';
  name: string;
  path: string;
  data: Uint8Array;
  mode: number;
}

export interface DirNode {
  kind: 'dir';
  name: string;
  path: string;
  children: Map<string, FileNode | DirNode>;
}

export type TreeNode = FileNode | DirNode;

/** ECMA-119 §6.8.2.1: directories nest at most eight levels, the root counting as one. */
const MAX_DEPTH = 8;
/**
 * A directory record is at most 255 bytes and also carries the Rock Ridge entries, which
 * leaves room for about this many bytes of real name.
 */
export const MAX_NAME_BYTES = 100;

/** Builds the directory tree, rejecting paths a reader could not represent faithfully. */
export function buildTree(files: readonly IsoFileInput[]): DirNode {
  const root: DirNode = { kind: 'dir', name: '', path: '', children: new Map() };
  for (const file of files) {
    const parts = file.path.split('/');
    if (parts.length > MAX_DEPTH - 1) throw new Error(`ISO 9660 path ${JSON.stringify(file.path)} is nested deeper than ${MAX_DEPTH - 1} directories`);
    let dir = root;
    parts.forEach((part, i) => {
      checkComponent(file.path, part);
      const isLast = i === parts.length - 1;
      const existing = dir.children.get(part);
      const here = parts.slice(0, i + 1).join('/');
      if (isLast) {
        if (existing) throw new Error(`ISO 9660 path ${JSON.stringify(here)} is given twice`);
        const mode = file.mode ?? 0o644;
        if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) throw new Error(`ISO 9660 file ${JSON.stringify(here)} has an invalid mode ${mode}`);
        dir.children.set(part, { kind: 'file', name: part, path: here, data: file.data, mode });
        return;
      }
      if (existing?.kind === 'file') throw new Error(`ISO 9660 path ${JSON.stringify(here)} is both a file and a directory`);
      const next: DirNode = existing ?? { kind: 'dir', name: part, path: here, children: new Map() };
      dir.children.set(part, next);
      dir = next;
    });
  }
  return root;
}

function checkComponent(fullPath: string, part: string): void {
  if (part === '' || part === '.' || part === '..') {
    throw new Error(`ISO 9660 path ${JSON.stringify(fullPath)} has an empty, "." or ".." component`);
  }
  if (Buffer.byteLength(part, 'utf8') > MAX_NAME_BYTES) {
    throw new Error(`ISO 9660 name ${JSON.stringify(part)} in ${JSON.stringify(fullPath)} is longer than ${MAX_NAME_BYTES} bytes`);
  }
  if (part.includes('\0')) throw new Error(`ISO 9660 path ${JSON.stringify(fullPath)} contains a NUL byte`);
}

/** Directories breadth-first, children in `order`: the order of the path table and of extents. */
export function directoriesBreadthFirst(root: DirNode, order: (dir: DirNode) => TreeNode[]): DirNode[] {
  const out: DirNode[] = [root];
  for (let i = 0; i < out.length; i++) {
    const dir = out[i];
    if (!dir) break;
    for (const child of order(dir)) if (child.kind === 'dir') out.push(child);
  }
  return out;
}

export function filesInOrder(root: DirNode): FileNode[] {
  const out: FileNode[] = [];
  const walk = (dir: DirNode) => {
    for (const child of [...dir.children.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      if (child.kind === 'file') out.push(child);
      else walk(child);
    }
  };
  walk(root);
  return out;
}
