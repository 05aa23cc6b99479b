import { describe, expect, it } from 'vitest';
import { parseSnapshotTable, snapshotTags, SNAPSHOT_ALIASES } from './snapshot-table';

// Captured from QEMU 7.2: `info snapshots` (running; Lima strips its first line) and `qemu-img snapshot -l` (stopped).
const RUNNING = [
  'ID        TAG               VM SIZE                DATE        VM CLOCK     ICOUNT',
  '--        live1          24.4 MiB 2026-11-24 16:40:00 00:00:05.123           ',
  '',
].join('\n');
const STOPPED = [
  'ID        TAG               VM SIZE                DATE     VM CLOCK     ICOUNT',
  '1         cold1                 0 B 2026-11-24 16:41:02 00:00:00.000          0',
  '2         cold2                 0 B 2026-11-24 16:41:09 00:00:00.000          0',
  '',
].join('\n');

describe('snapshot tables', () => {
  it('lists the tags as `snapshot list --quiet` does', () => {
    expect(snapshotTags(RUNNING)).toEqual(['live1']);
    expect(snapshotTags(STOPPED)).toEqual(['cold1', 'cold2']);
    expect(snapshotTags('')).toEqual([]);
    expect(() => snapshotTags('Snapshot list:\nID TAG\n')).toThrow('unknown header: Snapshot list:');
  });

  it('parses rows with size and date', () => {
    expect(parseSnapshotTable(RUNNING)).toEqual([{ tag: 'live1', vmStateSize: '24.4 MiB', date: '2026-11-24 16:40:00' }]);
    expect(parseSnapshotTable(STOPPED)[1]).toEqual({ tag: 'cold2', vmStateSize: '0 B', date: '2026-11-24 16:41:09' });
  });

  it("accepts Lima's aliases", () => {
    expect(['save', 'load', 'del', 'ls'].map((a) => SNAPSHOT_ALIASES[a])).toEqual(['create', 'apply', 'delete', 'list']);
  });
});
