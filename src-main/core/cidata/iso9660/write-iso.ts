import { pathTable, pathTableEntryLength, terminatorDescriptor, volumeDescriptor } from './descriptors';
import { SECTOR_SIZE, sectorsFor, ucs2be } from './fields';
import { compareIsoIdentifiers, jolietName, primaryNames } from './names';
import { DOT, DOTDOT, directoryRecord, packRecords, recordLength } from './records';
import { ceEntry, concat, erEntry, nmEntry, pxEntry, S_IFDIR, S_IFREG, spEntry, tfEntry } from './rock-ridge';
import type { DirNode, FileNode, IsoFileInput, TreeNode } from './tree';
import { buildTree, directoriesBreadthFirst, filesInOrder } from './tree';

export type { IsoFileInput } from './tree';

export interface IsoOptions {
  /** The volume label (`cidata` for a NoCloud seed); at most 16 characters so Joliet can hold it. */
  volumeId: string;
  /** Stamped on every record and descriptor; defaults to now. */
  date?: Date;
  /** Rock Ridge: real names, case and modes for Linux readers. Default true. */
  rockRidge?: boolean;
  /** Joliet: real names for Windows/macOS/BSD readers. Default true. */
  joliet?: boolean;
  applicationId?: string;
}

/** How one of the two trees (base ISO 9660 or Joliet) names and annotates its records. */
interface Flavor {
  identifiers(dir: DirNode): Map<TreeNode, Uint8Array>;
  compare(a: Uint8Array, b: Uint8Array): number;
  /** System Use bytes of a record: for "." (`self`), ".." (`parent`) or a child. */
  systemUse(target: TreeNode, role: 'self' | 'parent' | 'child', isRoot: boolean): Uint8Array;
}

interface PlannedDir {
  node: DirNode;
  number: number;
  parentNumber: number;
  identifier: Uint8Array;
  children: TreeNode[];
  childIds: Map<TreeNode, Uint8Array>;
  size: number;
  extent: number;
}

interface PlannedTree {
  dirs: PlannedDir[];
  byNode: Map<DirNode, PlannedDir>;
  pathTableSize: number;
}

const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

function planTree(root: DirNode, parents: Map<DirNode, DirNode>, flavor: Flavor): PlannedTree {
  const idsOf = new Map<DirNode, Map<TreeNode, Uint8Array>>();
  const orderOf = (dir: DirNode): TreeNode[] => {
    let ids = idsOf.get(dir);
    if (!ids) {
      ids = flavor.identifiers(dir);
      idsOf.set(dir, ids);
    }
    const known = ids;
    return [...dir.children.values()].sort((a, b) => flavor.compare(known.get(a) ?? DOT, known.get(b) ?? DOT));
  };
  const dirs: PlannedDir[] = [];
  const byNode = new Map<DirNode, PlannedDir>();
  for (const node of directoriesBreadthFirst(root, orderOf)) {
    const parent = parents.get(node);
    const parentPlan = parent ? byNode.get(parent) : undefined;
    const children = orderOf(node);
    const childIds = idsOf.get(node) ?? new Map<TreeNode, Uint8Array>();
    const lengths = [
      recordLength(1, flavor.systemUse(node, 'self', node === root).length),
      recordLength(1, flavor.systemUse(parent ?? node, 'parent', node === root).length),
      ...children.map((c) => recordLength(childIds.get(c)?.length ?? 0, flavor.systemUse(c, 'child', false).length)),
    ];
    const plan: PlannedDir = {
      node,
      number: dirs.length + 1,
      parentNumber: parentPlan?.number ?? 1,
      identifier: parent ? (idsOf.get(parent)?.get(node) ?? DOT) : DOT,
      children,
      childIds,
      size: packRecords(lengths, SECTOR_SIZE).size,
      extent: 0,
    };
    dirs.push(plan);
    byNode.set(node, plan);
  }
  const pathTableSize = dirs.reduce((n, d) => n + pathTableEntryLength(d.identifier.length), 0);
  return { dirs, byNode, pathTableSize };
}

function subdirCount(dir: DirNode): number {
  let n = 0;
  for (const child of dir.children.values()) if (child.kind === 'dir') n++;
  return n;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/**
 * Builds a complete ISO 9660 image in memory: system area, primary descriptor, optional
 * Joliet descriptor, terminator, path tables in both byte orders, directories, file data.
 * Meant for small images such as a cloud-init seed.
 */
export function buildIso(files: readonly IsoFileInput[], options: IsoOptions): Uint8Array {
  const date = options.date ?? new Date();
  const rockRidge = options.rockRidge ?? true;
  const joliet = options.joliet ?? true;
  if (options.volumeId.length > 16) throw new Error(`ISO 9660 volume id ${JSON.stringify(options.volumeId)} is longer than 16 characters`);
  const root = buildTree(files);
  const parents = new Map<DirNode, DirNode>();
  const collectParents = (dir: DirNode) => {
    for (const child of dir.children.values()) {
      if (child.kind === 'dir') {
        parents.set(child, dir);
        collectParents(child);
      }
    }
  };
  collectParents(root);

  // The CE entry points at a sector allocated below; its length is fixed, so sizes do not depend on it.
  let continuationSector = 0;
  const er = erEntry();
  const rrFlavorUse = (target: TreeNode, role: 'self' | 'parent' | 'child', isRoot: boolean): Uint8Array => {
    if (!rockRidge) return new Uint8Array(0);
    const mode = target.kind === 'dir' ? S_IFDIR | 0o755 : S_IFREG | target.mode;
    const links = target.kind === 'dir' ? 2 + subdirCount(target) : 1;
    const parts: Uint8Array[] = [];
    if (role === 'self' && isRoot) parts.push(spEntry(), ceEntry(continuationSector, 0, er.length));
    parts.push(pxEntry(mode, links), tfEntry(date));
    if (role === 'child') parts.push(nmEntry(target.name));
    return concat(parts);
  };
  const primaryFlavor: Flavor = {
    identifiers: (dir) => new Map([...primaryNames(dir)].map(([node, name]) => [node, latin1(name)])),
    compare: (a, b) => compareIsoIdentifiers(Buffer.from(a).toString('latin1'), Buffer.from(b).toString('latin1')),
    systemUse: rrFlavorUse,
  };
  const jolietFlavor: Flavor = {
    identifiers: (dir) => {
      const ids = new Map<TreeNode, Uint8Array>();
      const seen = new Map<string, string>();
      for (const child of dir.children.values()) {
        const name = jolietName(child);
        const clash = seen.get(name);
        if (clash !== undefined) throw new Error(`ISO 9660 names ${JSON.stringify(clash)} and ${JSON.stringify(child.path)} are the same in Joliet`);
        seen.set(name, child.path);
        ids.set(child, ucs2be(name));
      }
      return ids;
    },
    // UCS-2 big-endian bytes compare in the same order as the code units they encode.
    compare: compareBytes,
    systemUse: () => new Uint8Array(0),
  };

  const primary = planTree(root, parents, primaryFlavor);
  const secondary = joliet ? planTree(root, parents, jolietFlavor) : undefined;

  // Sector map: 0-15 system area, 16 PVD, [17 Joliet SVD], terminator, path tables, [CE], directories, files.
  let next = 16;
  const pvdSector = next++;
  const svdSector = joliet ? next++ : 0;
  const terminatorSector = next++;
  const allocate = (bytes: number) => {
    const at = next;
    next += Math.max(1, sectorsFor(bytes));
    return at;
  };
  const primaryL = allocate(primary.pathTableSize);
  const primaryM = allocate(primary.pathTableSize);
  const jolietL = secondary ? allocate(secondary.pathTableSize) : 0;
  const jolietM = secondary ? allocate(secondary.pathTableSize) : 0;
  if (rockRidge) continuationSector = allocate(er.length);
  for (const dir of primary.dirs) dir.extent = allocate(dir.size);
  for (const dir of secondary?.dirs ?? []) dir.extent = allocate(dir.size);
  const fileExtent = new Map<FileNode, number>();
  for (const file of filesInOrder(root)) fileExtent.set(file, file.data.length === 0 ? 0 : allocate(file.data.length));
  const totalSectors = next;

  const image = new Uint8Array(totalSectors * SECTOR_SIZE);
  const at = (sector: number) => sector * SECTOR_SIZE;
  const extentOf = (tree: PlannedTree, node: TreeNode) =>
    node.kind === 'dir' ? (tree.byNode.get(node)?.extent ?? 0) : (fileExtent.get(node) ?? 0);
  const sizeOf = (tree: PlannedTree, node: TreeNode) => (node.kind === 'dir' ? (tree.byNode.get(node)?.size ?? 0) : node.data.length);

  const writeTree = (tree: PlannedTree, flavor: Flavor) => {
    for (const dir of tree.dirs) {
      const parent = parents.get(dir.node) ?? dir.node;
      const isRoot = dir.node === root;
      const records = [
        directoryRecord({ identifier: DOT, extent: dir.extent, size: dir.size, date, directory: true, systemUse: flavor.systemUse(dir.node, 'self', isRoot) }),
        directoryRecord({ identifier: DOTDOT, extent: extentOf(tree, parent), size: sizeOf(tree, parent), date, directory: true, systemUse: flavor.systemUse(parent, 'parent', isRoot) }),
        ...dir.children.map((child) =>
          directoryRecord({
            identifier: dir.childIds.get(child) ?? DOT,
            extent: extentOf(tree, child),
            size: sizeOf(tree, child),
            date,
            directory: child.kind === 'dir',
            systemUse: flavor.systemUse(child, 'child', false),
          }),
        ),
      ];
      const { offsets } = packRecords(records.map((r) => r.length), SECTOR_SIZE);
      records.forEach((rec, i) => image.set(rec, at(dir.extent) + (offsets[i] ?? 0)));
    }
  };
  const writePathTables = (tree: PlannedTree, lSector: number, mSector: number) => {
    const entries = tree.dirs.map((d) => ({ identifier: d.identifier, extent: d.extent, parent: d.parentNumber }));
    image.set(pathTable(entries, true), at(lSector));
    image.set(pathTable(entries, false), at(mSector));
  };
  const rootRecord = (tree: PlannedTree) => {
    const rootPlan = tree.byNode.get(root);
    return directoryRecord({ identifier: DOT, extent: rootPlan?.extent ?? 0, size: rootPlan?.size ?? 0, date, directory: true });
  };

  const applicationId = options.applicationId ?? 'LIMADESK';
  image.set(
    volumeDescriptor({
      joliet: false,
      volumeId: options.volumeId,
      applicationId,
      volumeSpaceSize: totalSectors,
      pathTableSize: primary.pathTableSize,
      lPathTable: primaryL,
      mPathTable: primaryM,
      rootRecord: rootRecord(primary),
      date,
    }),
    at(pvdSector),
  );
  if (secondary) {
    image.set(
      volumeDescriptor({
        joliet: true,
        volumeId: options.volumeId,
        applicationId,
        volumeSpaceSize: totalSectors,
        pathTableSize: secondary.pathTableSize,
        lPathTable: jolietL,
        mPathTable: jolietM,
        rootRecord: rootRecord(secondary),
        date,
      }),
      at(svdSector),
    );
  }
  image.set(terminatorDescriptor(), at(terminatorSector));
  writePathTables(primary, primaryL, primaryM);
  if (secondary) writePathTables(secondary, jolietL, jolietM);
  if (rockRidge) image.set(er, at(continuationSector));
  writeTree(primary, primaryFlavor);
  if (secondary) writeTree(secondary, jolietFlavor);
  for (const [file, extent] of fileExtent) if (file.data.length > 0) image.set(file.data, at(extent));
  return image;
}
