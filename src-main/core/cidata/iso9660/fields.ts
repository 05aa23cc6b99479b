/**
 * Byte-level field encodings of ISO 9660 (ECMA-119). Numbers that the standard stores
 * "both-byte orders" are written little-endian first, then big-endian, so readers on
 * either kind of machine can use them directly (ECMA-119 §7.2.3, §7.3.3).
 */

export const SECTOR_SIZE = 2048;

export function putU16Both(buf: Uint8Array, offset: number, value: number): void {
  checkRange(value, 0xffff);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  view.setUint16(offset, value, true);
  view.setUint16(offset + 2, value, false);
}

export function putU32Both(buf: Uint8Array, offset: number, value: number): void {
  checkRange(value, 0xffffffff);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  view.setUint32(offset, value, true);
  view.setUint32(offset + 4, value, false);
}

export function putU32(buf: Uint8Array, offset: number, value: number, littleEndian: boolean): void {
  checkRange(value, 0xffffffff);
  new DataView(buf.buffer, buf.byteOffset, buf.byteLength).setUint32(offset, value, littleEndian);
}

export function putU16(buf: Uint8Array, offset: number, value: number, littleEndian: boolean): void {
  checkRange(value, 0xffff);
  new DataView(buf.buffer, buf.byteOffset, buf.byteLength).setUint16(offset, value, littleEndian);
}

function checkRange(value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`ISO 9660 field value ${value} is outside 0..${max}`);
  }
}

/** Writes `text` as single bytes padded with spaces to `length` (a- and d-character fields). */
export function putPadded(buf: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = Buffer.from(text, 'latin1');
  if (bytes.length > length) throw new RangeError(`ISO 9660 text field ${JSON.stringify(text)} is longer than ${length} bytes`);
  buf.fill(0x20, offset, offset + length);
  buf.set(bytes, offset);
}

/** UCS-2 big-endian, as Joliet stores names and descriptor texts. */
export function ucs2be(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[2 * i] = unit >> 8;
    out[2 * i + 1] = unit & 0xff;
  }
  return out;
}

/** Writes `text` as UCS-2 BE padded with UCS-2 spaces; an odd length leaves a final zero byte. */
export function putPaddedUcs2(buf: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = ucs2be(text);
  if (bytes.length > length) throw new RangeError(`Joliet text field ${JSON.stringify(text)} is longer than ${length} bytes`);
  buf.fill(0, offset, offset + length);
  for (let i = 0; i + 1 < length; i += 2) {
    buf[offset + i] = 0x00;
    buf[offset + i + 1] = 0x20;
  }
  buf.set(bytes, offset);
}

/** The 7-byte date of a directory record (ECMA-119 §9.1.5), in UTC. */
export function recordDate(date: Date): Uint8Array {
  const year = date.getUTCFullYear() - 1900;
  if (year < 0 || year > 255) throw new RangeError(`ISO 9660 cannot record the year ${date.getUTCFullYear()}`);
  return Uint8Array.of(
    year,
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    0, // offset from GMT in 15-minute steps: the fields above are already UTC
  );
}

/** The 17-byte date of a volume descriptor (ECMA-119 §8.4.26.1): 16 ASCII digits and a GMT offset. */
export function volumeDate(date: Date | undefined): Uint8Array {
  const out = new Uint8Array(17);
  if (!date) {
    out.fill(0x30, 0, 16); // "not specified": all digits zero, offset zero
    return out;
  }
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const digits =
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1, 2) +
    pad(date.getUTCDate(), 2) +
    pad(date.getUTCHours(), 2) +
    pad(date.getUTCMinutes(), 2) +
    pad(date.getUTCSeconds(), 2) +
    pad(Math.floor(date.getUTCMilliseconds() / 10), 2);
  out.set(Buffer.from(digits, 'latin1'), 0);
  return out;
}

export function sectorsFor(bytes: number): number {
  return Math.ceil(bytes / SECTOR_SIZE);
}
