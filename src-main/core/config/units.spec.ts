import { describe, expect, it } from 'vitest';
import { formatByteSize, parseByteSize } from './units';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('parseByteSize', () => {
  it.each([
    ['4GiB', 4 * GiB],
    ['4G', 4 * GiB],
    ['4GB', 4 * GiB],
    ['4g', 4 * GiB],
    ['4gib', 4 * GiB],
    ['512MiB', 512 * MiB],
    ['128KiB', 128 * 1024],
    ['1.5GiB', 1.5 * GiB],
    ['100GiB', 100 * GiB],
    ['2TiB', 2 * 1024 ** 4],
    ['1PiB', 1024 ** 5],
    ['1073741824', GiB],
    ['0', 0],
    ['10b', 10],
    ['4 GiB', 4 * GiB],
    ['.5K', 512],
    ['1.0001K', 1024],
  ])('%s → %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', 'abc', 'GiB', '4Gi', '4GiBs', '4XB', '-1G', '4  GiB', '4bb', '1.2.3G', ' 4G'])(
    'rejects %j',
    (text) => {
      expect(() => parseByteSize(text)).toThrow(`invalid size "${text}"`);
    },
  );

  it('rejects sizes beyond exact integer range', () => {
    expect(() => parseByteSize('99999999PiB')).toThrow('too large');
  });
});

describe('formatByteSize', () => {
  it.each([
    [0, '0B'],
    [1, '1B'],
    [1023, '1023B'],
    [1024, '1KiB'],
    [4 * GiB, '4GiB'],
    [100 * GiB, '100GiB'],
    [1.5 * GiB, '1.5GiB'],
    [512 * MiB, '512MiB'],
    [1.25 * 1024 ** 4, '1.25TiB'],
    [GiB + 1, '1GiB'],
    [1000.5678 * MiB, '1001MiB'],
    [1234.5678 * MiB, '1.206GiB'],
    [1023.99 * MiB, '1024MiB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
  });

  it('round-trips what it prints', () => {
    for (const text of ['4GiB', '100GiB', '1.5GiB', '512MiB', '0B']) {
      expect(formatByteSize(parseByteSize(text))).toBe(text);
    }
  });
});
