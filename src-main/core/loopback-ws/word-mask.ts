/**
 * WebSocket frame masking a 32-bit word at a time, in the shape of the `bufferutil` package
 * (`mask`, `unmask`), which `ws` loads when it can. The build points `bufferutil` here
 * (scripts/build-aliases.mjs): without it, `ws` unmasks every frame a browser sends one byte
 * at a time, about five times slower, and for the console proxy that is most of what a
 * round trip costs on top of a bare TCP relay. Pure JavaScript, so nothing native has to be
 * built or packaged for Electron.
 */

const maskBytes = new Uint8Array(4);
const maskWord = new Uint32Array(maskBytes.buffer);

/** XORs the first `length` bytes of `data` with the repeating 4-byte `key`, key byte 0 on `data[0]`. */
function xorInPlace(data: Uint8Array, key: ArrayLike<number>, length: number): void {
  let i = 0;
  // Bytes up to a 4-byte boundary of the underlying memory, so the rest can be read as words.
  const lead = Math.min((4 - (data.byteOffset & 3)) & 3, length);
  for (; i < lead; i++) data[i]! ^= key[i & 3]!;
  const words = (length - i) >>> 2;
  if (words > 0) {
    // The key as one word in the platform's byte order, starting where the words start.
    for (let k = 0; k < 4; k++) maskBytes[k] = key[(i + k) & 3]!;
    const word = maskWord[0]!;
    const view = new Uint32Array(data.buffer, data.byteOffset + i, words);
    for (let w = 0; w < words; w++) view[w]! ^= word;
    i += words * 4;
  }
  for (; i < length; i++) data[i]! ^= key[i & 3]!;
}

/** Unmasks `buffer` in place. */
export function unmask(buffer: Uint8Array, mask: ArrayLike<number>): void {
  xorInPlace(buffer, mask, buffer.length);
}

/** Writes `length` bytes of `source`, masked, into `output` at `offset`. */
export function mask(source: Uint8Array, mask: ArrayLike<number>, output: Uint8Array, offset: number, length: number): void {
  output.set(source.subarray(0, length), offset);
  xorInPlace(output.subarray(offset, offset + length), mask, length);
}
