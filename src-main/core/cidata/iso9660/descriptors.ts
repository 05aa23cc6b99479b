import { putPadded, putPaddedUcs2, putU16, putU16Both, putU32, putU32Both, SECTOR_SIZE, volumeDate } from './fields';

export const TYPE_PRIMARY = 1;
export const TYPE_SUPPLEMENTARY = 2;
export const TYPE_TERMINATOR = 255;
const STANDARD_ID = 'CD001';
/** Joliet's escape sequence for UCS-2 level 3 (ECMA-35 "%/E"). */
const JOLIET_ESCAPE = Uint8Array.of(0x25, 0x2f, 0x45);

export interface VolumeDescriptorFields {
  joliet: boolean;
  volumeId: string;
  applicationId: string;
  volumeSpaceSize: number;
  pathTableSize: number;
  lPathTable: number;
  mPathTable: number;
  /** The 34-byte root directory record. */
  rootRecord: Uint8Array;
  date: Date;
}

function header(sector: Uint8Array, type: number): void {
  sector[0] = type;
  putPadded(sector, 1, 5, STANDARD_ID);
  sector[6] = 1; // descriptor version
}

/** A primary (ECMA-119 §8.4) or Joliet supplementary (§8.5) volume descriptor, one sector. */
export function volumeDescriptor(fields: VolumeDescriptorFields): Uint8Array {
  const sector = new Uint8Array(SECTOR_SIZE);
  header(sector, fields.joliet ? TYPE_SUPPLEMENTARY : TYPE_PRIMARY);
  const text = fields.joliet ? putPaddedUcs2 : putPadded;
  text(sector, 8, 32, ''); // system identifier
  text(sector, 40, 32, fields.volumeId);
  putU32Both(sector, 80, fields.volumeSpaceSize);
  if (fields.joliet) sector.set(JOLIET_ESCAPE, 88);
  putU16Both(sector, 120, 1); // volume set size
  putU16Both(sector, 124, 1); // volume sequence number
  putU16Both(sector, 128, SECTOR_SIZE);
  putU32Both(sector, 132, fields.pathTableSize);
  putU32(sector, 140, fields.lPathTable, true);
  putU32(sector, 144, 0, true); // no optional L path table
  putU32(sector, 148, fields.mPathTable, false);
  putU32(sector, 152, 0, false);
  if (fields.rootRecord.length !== 34) throw new RangeError('the root directory record in a volume descriptor must be 34 bytes');
  sector.set(fields.rootRecord, 156);
  text(sector, 190, 128, ''); // volume set
  text(sector, 318, 128, ''); // publisher
  text(sector, 446, 128, ''); // data preparer
  text(sector, 574, 128, fields.applicationId);
  text(sector, 702, 37, ''); // copyright file
  text(sector, 739, 37, ''); // abstract file
  text(sector, 776, 37, ''); // bibliographic file
  sector.set(volumeDate(fields.date), 813); // creation
  sector.set(volumeDate(fields.date), 830); // modification
  sector.set(volumeDate(undefined), 847); // expiration: never
  sector.set(volumeDate(undefined), 864); // effective: at once
  sector[881] = 1; // file structure version
  return sector;
}

export function terminatorDescriptor(): Uint8Array {
  const sector = new Uint8Array(SECTOR_SIZE);
  header(sector, TYPE_TERMINATOR);
  return sector;
}

export interface PathTableEntry {
  identifier: Uint8Array;
  extent: number;
  /** 1-based number of the parent directory in the same table; the root is its own parent. */
  parent: number;
}

export function pathTableEntryLength(identifierLength: number): number {
  return 8 + identifierLength + (identifierLength % 2);
}

/** A path table (ECMA-119 §9.4) in one byte order: L (little-endian) or M (big-endian). */
export function pathTable(entries: readonly PathTableEntry[], littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(entries.reduce((n, e) => n + pathTableEntryLength(e.identifier.length), 0));
  let pos = 0;
  for (const e of entries) {
    out[pos] = e.identifier.length;
    out[pos + 1] = 0;
    putU32(out, pos + 2, e.extent, littleEndian);
    putU16(out, pos + 6, e.parent, littleEndian);
    out.set(e.identifier, pos + 8);
    pos += pathTableEntryLength(e.identifier.length);
  }
  return out;
}
