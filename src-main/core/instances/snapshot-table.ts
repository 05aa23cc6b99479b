export type SnapshotOp = 'create' | 'apply' | 'delete' | 'list';

/** `limactl snapshot` spellings: each op and its alias. */
export const SNAPSHOT_ALIASES: Record<string, SnapshotOp> = {
  create: 'create',
  save: 'create',
  apply: 'apply',
  load: 'apply',
  delete: 'delete',
  del: 'delete',
  list: 'list',
  ls: 'list',
};

/** Lima's `--quiet` parsing: the header's second field must be TAG; then field 2 of each row. */
export function snapshotTags(table: string): string[] {
  const lines = table.split('\n').filter((l) => l.trim() !== '');
  const [header, ...rows] = lines;
  if (header === undefined) return [];
  if (header.trim().split(/\s+/)[1] !== 'TAG') throw new Error(`unknown header: ${header}`);
  return rows.map((row) => row.trim().split(/\s+/)[1]).filter((t): t is string => t !== undefined);
}

export interface SnapshotRow {
  tag: string;
  /** The saved VM state's size as QEMU prints it (`24.4 MiB`, `0 B` for a disk-only snapshot). */
  vmStateSize: string;
  /** `YYYY-MM-DD HH:MM:SS`, local time of the host that took it. */
  date: string;
}

/**
 * The rows of the snapshot table, from either source (`info snapshots` while running,
 * `qemu-img snapshot -l` when stopped): `ID TAG SIZE UNIT DATE TIME CLOCK [ICOUNT]`.
 */
export function parseSnapshotTable(table: string): SnapshotRow[] {
  const lines = table.split('\n').filter((l) => l.trim() !== '');
  const [header, ...rows] = lines;
  if (header === undefined) return [];
  if (header.trim().split(/\s+/)[1] !== 'TAG') throw new Error(`unknown header: ${header}`);
  return rows.flatMap((row) => {
    const f = row.trim().split(/\s+/);
    if (f.length < 6 || f[1] === undefined) return [];
    return [{ tag: f[1], vmStateSize: `${f[2]} ${f[3]}`, date: `${f[4]} ${f[5]}` }];
  });
}
