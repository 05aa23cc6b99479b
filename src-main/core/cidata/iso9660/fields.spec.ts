import { describe, expect, it } from 'vitest';
import { putPadded, putPaddedUcs2, putU16Both, putU32Both, recordDate, ucs2be, volumeDate } from './fields';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('both-endian numbers', () => {
  it('writes a 32-bit value little-endian then big-endian', () => {
    const buf = new Uint8Array(8);
    putU32Both(buf, 0, 0x12345678);
    expect(hex(buf)).toBe('7856341212345678');
  });

  it('writes a 16-bit value little-endian then big-endian', () => {
    const buf = new Uint8Array(4);
    putU16Both(buf, 0, 2048);
    expect(hex(buf)).toBe('00080800');
  });

  it('refuses values that do not fit', () => {
    expect(() => putU16Both(new Uint8Array(4), 0, 0x10000)).toThrow(/outside 0..65535/);
    expect(() => putU32Both(new Uint8Array(8), 0, -1)).toThrow(RangeError);
  });
});

describe('text fields', () => {
  it('pads single-byte text with spaces and rejects overlong text', () => {
    const buf = new Uint8Array(8).fill(0xff);
    putPadded(buf, 0, 8, 'cidata');
    expect(Buffer.from(buf).toString('latin1')).toBe('cidata  ');
    expect(() => putPadded(buf, 0, 4, 'cidata')).toThrow(/longer than 4 bytes/);
  });

  it('writes Joliet text as UCS-2 big-endian padded with UCS-2 spaces', () => {
    expect(hex(ucs2be('aé'))).toBe('006100e9');
    const buf = new Uint8Array(8);
    putPaddedUcs2(buf, 0, 8, 'ci');
    expect(hex(buf)).toBe('0063006900200020');
  });
});

describe('dates', () => {
  const date = new Date('2026-11-24T19:05:09.870Z');

  it('encodes a directory record date as seven bytes in UTC', () => {
    expect([...recordDate(date)]).toEqual([126, 11, 24, 19, 5, 9, 0]);
  });

  it('encodes a volume date as sixteen digits and a zero GMT offset', () => {
    const bytes = volumeDate(date);
    expect(Buffer.from(bytes.subarray(0, 16)).toString('latin1')).toBe('2026112419050987');
    expect(bytes[16]).toBe(0);
  });

  it('encodes an unset volume date as zero digits', () => {
    expect(Buffer.from(volumeDate(undefined)).toString('latin1')).toBe('0000000000000000\0');
  });
});
