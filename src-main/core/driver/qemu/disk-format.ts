import { closeSync, openSync, readSync } from 'node:fs';

const QCOW2_MAGIC = 0x514649fb;

/**
 * The virtual size a qcow2 image's header records (bytes 24–31), read without running
 * qemu-img; undefined for anything that is not a readable qcow2 image.
 */
export function qcow2VirtualSize(file: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(32);
    if (readSync(fd, head, 0, 32, 0) < 32 || head.readUInt32BE(0) !== QCOW2_MAGIC) return undefined;
    return Number(head.readBigUInt64BE(24));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The format QEMU must be told for a data disk: qcow2 when the file starts with its magic,
 * raw otherwise (as Lima decides it). Without `format=`, QEMU probes a raw image and then
 * refuses writes to its first block, so the guest could never partition it.
 */
export function dataDiskFormat(file: string): 'qcow2' | 'raw' | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(4);
    const read = readSync(fd, head, 0, 4, 0);
    return read === 4 && head.readUInt32BE(0) === QCOW2_MAGIC ? 'qcow2' : 'raw';
  } catch {
    // A disk that cannot be read is QEMU's to report, with its own words.
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
