import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';

// Under TCG a guest spends about half its boot decompressing an xz bzImage. The kernel's
// own ELF image carries a PVH entry note, which QEMU can start directly, so the test guest
// boots the decompressed image instead; the bzImage stays available as well.

const run = promisify(execFile);

/** Where the compressed kernel sits inside a bzImage, from its x86 boot setup header. */
export function bzImagePayload(bzImage: Buffer): Buffer {
  if (bzImage.toString('latin1', 0x202, 0x206) !== 'HdrS') throw new Error('not an x86 bzImage (no HdrS boot header)');
  const setupSectors = bzImage.readUInt8(0x1f1) || 4;
  const protectedModeStart = (setupSectors + 1) * 512;
  const offset = bzImage.readUInt32LE(0x248);
  const length = bzImage.readUInt32LE(0x24c);
  const start = protectedModeStart + offset;
  if (length === 0 || start + length > bzImage.length) throw new Error('bzImage payload_offset/payload_length point outside the file');
  return bzImage.subarray(start, start + length);
}

const XEN_ELFNOTE_PHYS32_ENTRY = 18;
const PT_NOTE = 4;

/** True for an x86-64 ELF image with the Xen PVH 32-bit entry note that QEMU boots from. */
export function hasPvhEntry(elf: Buffer): boolean {
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) return false;
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (elf.readUInt32LE(ph) !== PT_NOTE) continue;
    let note = Number(elf.readBigUInt64LE(ph + 8));
    const end = note + Number(elf.readBigUInt64LE(ph + 32));
    while (note + 12 <= end) {
      const nameSize = elf.readUInt32LE(note);
      const descSize = elf.readUInt32LE(note + 4);
      const type = elf.readUInt32LE(note + 8);
      const name = elf.toString('latin1', note + 12, note + 12 + nameSize).replace(/\0+$/, '');
      if (name === 'Xen' && type === XEN_ELFNOTE_PHYS32_ENTRY) return true;
      note += 12 + Math.ceil(nameSize / 4) * 4 + Math.ceil(descSize / 4) * 4;
    }
  }
  return false;
}

async function decompressWith(command: string, argv: string[], payload: Buffer, output: string): Promise<void> {
  const input = `${output}.payload`;
  writeFileSync(input, payload);
  try {
    const { stdout } = await run(command, [...argv, input], { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 });
    writeFileSync(output, stdout);
  } catch (error) {
    throw new Error(`${command} could not decompress the kernel payload: ${(error as Error).message}`, { cause: error });
  } finally {
    rmSync(input, { force: true });
  }
}

/**
 * Writes the uncompressed kernel ELF of `bzImagePath` to `output` and returns true when it
 * can be booted through PVH; false (nothing usable written) for other kernels.
 */
export async function extractPvhKernel(bzImagePath: string, output: string): Promise<boolean> {
  const payload = bzImagePayload(readFileSync(bzImagePath));
  const magic = payload.subarray(0, 6);
  if (magic.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) {
    // The payload ends with the uncompressed size after the xz stream: stop at the stream's end.
    await decompressWith('xz', ['--decompress', '--stdout', '--single-stream'], payload, output);
  } else if (magic[0] === 0x1f && magic[1] === 0x8b) {
    writeFileSync(output, gunzipSync(payload));
  } else if (magic.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) {
    await decompressWith('zstd', ['--decompress', '--stdout', '--quiet'], payload, output);
  } else {
    return false;
  }
  return hasPvhEntry(readFileSync(output));
}
