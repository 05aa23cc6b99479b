import { open } from 'node:fs/promises';

/**
 * What a disk image is, read from its first bytes as Lima's qcow2reader does: qcow2 carries
 * its virtual size in the header; anything without a known signature is raw, as large as
 * the file. Other formats are named so that `disk import` can refuse them plainly.
 */
export interface ImageHeader {
  format: 'qcow2' | 'raw' | 'vmdk' | 'vhdx' | 'vdi' | 'vpc' | 'qed' | 'parallels';
  virtualSize: number;
}

const QCOW2_MAGIC = 0x514649fb;
const VDI_SIGNATURE = 0xbeda107f;

export async function readImageHeader(file: string): Promise<ImageHeader> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    const ascii = (from: number, to: number): string => bytes.subarray(from, to).toString('latin1');
    if (bytesRead >= 32 && bytes.readUInt32BE(0) === QCOW2_MAGIC) {
      return { format: 'qcow2', virtualSize: Number(bytes.readBigUInt64BE(24)) };
    }
    if (ascii(0, 4) === 'KDMV' || ascii(0, 21) === '# Disk DescriptorFile') return { format: 'vmdk', virtualSize: size };
    if (ascii(0, 8) === 'vhdxfile') return { format: 'vhdx', virtualSize: size };
    if (bytesRead >= 0x44 && bytes.readUInt32LE(0x40) === VDI_SIGNATURE) return { format: 'vdi', virtualSize: size };
    if (ascii(0, 4) === 'QED\0') return { format: 'qed', virtualSize: size };
    if (ascii(0, 16) === 'WithoutFreeSpace' || ascii(0, 16) === 'WithouFreSpacExt') return { format: 'parallels', virtualSize: size };
    if (ascii(0, 8) === 'conectix' || (size >= 512 && (await footer(handle, size)) === 'conectix')) return { format: 'vpc', virtualSize: size };
    return { format: 'raw', virtualSize: size };
  } finally {
    await handle.close();
  }
}

/** A fixed VHD keeps its "conectix" cookie only in the footer, the file's last 512 bytes. */
async function footer(handle: Awaited<ReturnType<typeof open>>, size: number): Promise<string> {
  const buf = Buffer.alloc(8);
  const { bytesRead } = await handle.read(buf, 0, 8, size - 512);
  return buf.subarray(0, bytesRead).toString('latin1');
}
