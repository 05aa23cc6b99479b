import { putU32Both, recordDate } from './fields';

/**
 * System Use Sharing Protocol (IEEE P1281) and Rock Ridge (IEEE P1282, RRIP 1.10 "RRIP_1991A")
 * entries. They give Linux, isoinfo -R and 7z the real file names, case included, and POSIX modes.
 */

function entry(signature: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  out[0] = signature.charCodeAt(0);
  out[1] = signature.charCodeAt(1);
  out[2] = out.length;
  out[3] = 1; // entry version
  out.set(body, 4);
  if (out.length > 255) throw new RangeError(`System Use entry ${signature} would be ${out.length} bytes`);
  return out;
}

/** "SP": marks the root's "." record as using SUSP, with no bytes skipped before the entries. */
export function spEntry(): Uint8Array {
  return entry('SP', Uint8Array.of(0xbe, 0xef, 0));
}

/** "CE": the rest of this record's entries continue at `length` bytes of `block` from `offset`. */
export function ceEntry(block: number, offset: number, length: number): Uint8Array {
  const body = new Uint8Array(24);
  putU32Both(body, 0, block);
  putU32Both(body, 8, offset);
  putU32Both(body, 16, length);
  return entry('CE', body);
}

export const RRIP_ID = 'RRIP_1991A';
const RRIP_DESCRIPTION = 'THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS';
const RRIP_SOURCE =
  'PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  SEE PUBLISHER IDENTIFIER IN PRIMARY VOLUME DESCRIPTOR FOR CONTACT INFORMATION.';

/** "ER": declares Rock Ridge. Linux prefers Rock Ridge over Joliet only once it has seen this entry. */
export function erEntry(): Uint8Array {
  const id = Buffer.from(RRIP_ID, 'latin1');
  const description = Buffer.from(RRIP_DESCRIPTION, 'latin1');
  const source = Buffer.from(RRIP_SOURCE, 'latin1');
  const body = new Uint8Array(4 + id.length + description.length + source.length);
  body[0] = id.length;
  body[1] = description.length;
  body[2] = source.length;
  body[3] = 1; // extension version
  body.set(id, 4);
  body.set(description, 4 + id.length);
  body.set(source, 4 + id.length + description.length);
  return entry('ER', body);
}

export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;

/** "PX": POSIX mode, link count, uid and gid (the RRIP 1.10 form, without a serial number). */
export function pxEntry(mode: number, links: number, uid = 0, gid = 0): Uint8Array {
  const body = new Uint8Array(32);
  putU32Both(body, 0, mode);
  putU32Both(body, 8, links);
  putU32Both(body, 16, uid);
  putU32Both(body, 24, gid);
  return entry('PX', body);
}

const TF_MODIFY = 0x02;
const TF_ACCESS = 0x04;
const TF_ATTRIBUTES = 0x08;

/** "TF": modification, access and attribute-change times, all `date`. */
export function tfEntry(date: Date): Uint8Array {
  const stamp = recordDate(date);
  const body = new Uint8Array(1 + 3 * stamp.length);
  body[0] = TF_MODIFY | TF_ACCESS | TF_ATTRIBUTES;
  for (let i = 0; i < 3; i++) body.set(stamp, 1 + i * stamp.length);
  return entry('TF', body);
}

/** "NM": the real name, in UTF-8 bytes (Linux and 7z show them as the host's charset). */
export function nmEntry(name: string): Uint8Array {
  const bytes = Buffer.from(name, 'utf8');
  const body = new Uint8Array(1 + bytes.length);
  body[0] = 0; // flags: the whole name is in this entry
  body.set(bytes, 1);
  return entry('NM', body);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}
