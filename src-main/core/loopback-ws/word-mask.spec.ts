import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mask, unmask } from './word-mask';

/** RFC 6455 §5.3, one byte at a time: what the word-wise version must equal. */
function byteWise(data: Uint8Array, key: Uint8Array): Uint8Array {
  return data.map((b, i) => b ^ key[i & 3]!);
}

/** A view of `bytes` at `shift` bytes into a larger buffer, so every alignment is tried. */
function shifted(bytes: Uint8Array, shift: number): Uint8Array {
  const backing = new Uint8Array(bytes.length + shift + 3);
  const view = backing.subarray(shift, shift + bytes.length);
  view.set(bytes);
  return view;
}

const key = fc.uint8Array({ minLength: 4, maxLength: 4 });
const payload = fc.uint8Array({ maxLength: 300 });
const shift = fc.integer({ min: 0, max: 7 });

describe('word-wise WebSocket masking', () => {
  it('unmasks like the byte-wise rule at any length and alignment, touching nothing around', () => {
    fc.assert(
      fc.property(payload, key, shift, (bytes, k, s) => {
        const data = shifted(bytes, s);
        const backing = new Uint8Array(data.buffer);
        const before = backing.slice();
        unmask(data, k);
        expect(Array.from(data)).toEqual(Array.from(byteWise(bytes, k)));
        // Bytes outside the view are untouched.
        expect(Array.from(backing.subarray(0, s))).toEqual(Array.from(before.subarray(0, s)));
        expect(Array.from(backing.subarray(s + bytes.length))).toEqual(Array.from(before.subarray(s + bytes.length)));
      }),
    );
  });

  it('masks into an output buffer at an offset, only `length` bytes of the source', () => {
    fc.assert(
      fc.property(payload, key, shift, fc.integer({ min: 0, max: 9 }), (bytes, k, s, offset) => {
        const source = shifted(bytes, s);
        const length = Math.floor(bytes.length / 2);
        const output = new Uint8Array(offset + bytes.length + 4).fill(0xee);
        mask(source, k, output, offset, length);
        expect(Array.from(output.subarray(offset, offset + length))).toEqual(Array.from(byteWise(bytes.subarray(0, length), k)));
        expect(output.subarray(0, offset).every((b) => b === 0xee)).toBe(true);
        expect(output.subarray(offset + length).every((b) => b === 0xee)).toBe(true);
        // The source is left as it was.
        expect(Array.from(source)).toEqual(Array.from(bytes));
      }),
    );
  });

  it('round-trips a 4 KiB frame', () => {
    const data = new Uint8Array(4096).map((_, i) => i * 7);
    const original = data.slice();
    const k = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
    unmask(data, k);
    expect(data).not.toEqual(original);
    unmask(data, k);
    expect(data).toEqual(original);
  });
});
