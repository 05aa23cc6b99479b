// A minimal writer for the "newc" cpio format that the Linux kernel unpacks as an initramfs.
// Written here rather than calling cpio(1) so device nodes such as /dev/console can be
// recorded without being root (nothing is created on the host file system).

export type CpioEntry =
  | { kind: 'dir'; path: string; mode?: number }
  | { kind: 'file'; path: string; data: Buffer; mode?: number }
  | { kind: 'symlink'; path: string; target: string }
  | { kind: 'chardev'; path: string; major: number; minor: number; mode?: number };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

function hex8(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`cpio header field out of range: ${value}`);
  }
  return value.toString(16).padStart(8, '0');
}

function padTo4(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

interface RawEntry {
  name: string;
  mode: number;
  data: Buffer;
  rdevMajor: number;
  rdevMinor: number;
}

function toRaw(entry: CpioEntry): RawEntry {
  const name = entry.path.replace(/^\/+/, '');
  if (name === '') throw new Error('cpio entry needs a non-empty path');
  switch (entry.kind) {
    case 'dir':
      return { name, mode: S_IFDIR | (entry.mode ?? 0o755), data: Buffer.alloc(0), rdevMajor: 0, rdevMinor: 0 };
    case 'file':
      return { name, mode: S_IFREG | (entry.mode ?? 0o644), data: entry.data, rdevMajor: 0, rdevMinor: 0 };
    case 'symlink':
      return { name, mode: S_IFLNK | 0o777, data: Buffer.from(entry.target), rdevMajor: 0, rdevMinor: 0 };
    case 'chardev':
      return { name, mode: S_IFCHR | (entry.mode ?? 0o600), data: Buffer.alloc(0), rdevMajor: entry.major, rdevMinor: entry.minor };
  }
}

function encodeOne(raw: RawEntry, inode: number): Buffer {
  const nameBytes = Buffer.from(`${raw.name}\0`);
  const header =
    '070701' +
    hex8(inode) +
    hex8(raw.mode) +
    hex8(0) + // uid: everything in the guest belongs to root
    hex8(0) + // gid
    hex8(1) + // nlink
    hex8(0) + // mtime: fixed so identical inputs give identical archives
    hex8(raw.data.length) +
    hex8(0) + // devmajor
    hex8(0) + // devminor
    hex8(raw.rdevMajor) +
    hex8(raw.rdevMinor) +
    hex8(nameBytes.length) +
    hex8(0); // check: unused by newc
  const headerAndName = Buffer.concat([Buffer.from(header, 'ascii'), nameBytes]);
  return Buffer.concat([headerAndName, padTo4(headerAndName.length), raw.data, padTo4(raw.data.length)]);
}

/** Encodes the entries, in order, followed by the TRAILER!!! record. Parents must come before children. */
export function writeNewcArchive(entries: readonly CpioEntry[]): Buffer {
  const parts = entries.map((entry, index) => encodeOne(toRaw(entry), index + 1));
  parts.push(encodeOne({ name: 'TRAILER!!!', mode: 0, data: Buffer.alloc(0), rdevMajor: 0, rdevMinor: 0 }, 0));
  return Buffer.concat(parts);
}
