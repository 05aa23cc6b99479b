import { putU16Both, putU32Both, recordDate } from './fields';

export const FLAG_DIRECTORY = 0x02;

export interface RecordFields {
  /** The identifier bytes: 0x00 for ".", 0x01 for "..", else the (possibly UCS-2) name. */
  identifier: Uint8Array;
  extent: number;
  size: number;
  date: Date;
  directory: boolean;
  /** System Use area: Rock Ridge entries, empty when the tree has no extensions. */
  systemUse?: Uint8Array;
}

/** Length of a directory record (ECMA-119 §9.1): 33 fixed bytes, the name, a pad to even, then System Use. */
export function recordLength(identifierLength: number, systemUseLength: number): number {
  const base = 33 + identifierLength + (identifierLength % 2 === 0 ? 1 : 0);
  const total = base + systemUseLength;
  return total + (total % 2);
}

export function directoryRecord(fields: RecordFields): Uint8Array {
  const systemUse = fields.systemUse ?? new Uint8Array(0);
  const length = recordLength(fields.identifier.length, systemUse.length);
  if (length > 255) throw new RangeError(`ISO 9660 directory record would be ${length} bytes (at most 255)`);
  const rec = new Uint8Array(length);
  rec[0] = length;
  rec[1] = 0; // no extended attribute record
  putU32Both(rec, 2, fields.extent);
  putU32Both(rec, 10, fields.size);
  rec.set(recordDate(fields.date), 18);
  rec[25] = fields.directory ? FLAG_DIRECTORY : 0;
  rec[26] = 0; // not interleaved
  rec[27] = 0;
  putU16Both(rec, 28, 1); // volume sequence number
  rec[32] = fields.identifier.length;
  rec.set(fields.identifier, 33);
  const suStart = 33 + fields.identifier.length + (fields.identifier.length % 2 === 0 ? 1 : 0);
  rec.set(systemUse, suStart);
  return rec;
}

export const DOT = Uint8Array.of(0x00);
export const DOTDOT = Uint8Array.of(0x01);

/**
 * Packs records into sectors: a record never crosses a sector boundary (ECMA-119 §6.8.1.1),
 * so one that does not fit starts the next sector. Returns each record's offset and the size.
 */
export function packRecords(lengths: readonly number[], sectorSize: number): { offsets: number[]; size: number } {
  const offsets: number[] = [];
  let pos = 0;
  for (const length of lengths) {
    const room = sectorSize - (pos % sectorSize);
    if (length > room) pos += room;
    offsets.push(pos);
    pos += length;
  }
  return { offsets, size: Math.max(sectorSize, Math.ceil(pos / sectorSize) * sectorSize) };
}
