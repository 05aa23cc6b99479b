import { formatIp, v4Mapped, type IpBytes } from './ip';

/** A TCP socket listening in the guest, as Lima's guest agent reports one. */
export interface GuestListener {
  /** The address in Go's text form: `127.0.0.1`, `0.0.0.0`, `::`, `::1` (IPv4-mapped IPv6 addresses read as IPv4). */
  ip: string;
  port: number;
}

/** The `st` column of a listening socket (TCP_LISTEN). */
const TCP_LISTEN = '0A';

// "  0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 12345 …"
const LINE = /^\s*\d+:\s+([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})\s+[0-9A-Fa-f]+:[0-9A-Fa-f]{4}\s+([0-9A-Fa-f]{2})\s/;

/**
 * The kernel prints each 32-bit word of an address as the number it holds in memory, so on a
 * little-endian guest the bytes of each word come out reversed.
 */
function addressBytes(hex: string, littleEndian: boolean): number[] {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const wordBytes = [0, 2, 4, 6].map((i) => Number.parseInt(hex.slice(word + i, word + i + 2), 16));
    bytes.push(...(littleEndian ? wordBytes.reverse() : wordBytes));
  }
  return bytes;
}

function toIp(hex: string, littleEndian: boolean): IpBytes {
  const bytes = addressBytes(hex, littleEndian);
  return bytes.length === 4 ? v4Mapped(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!) : Uint8Array.from(bytes);
}

/**
 * The listening sockets in the text of /proc/net/tcp and /proc/net/tcp6 (either, both, or
 * only their LISTEN lines; headers and other states are skipped), each address and port once.
 * `littleEndian` is the guest's byte order: true for x86_64, aarch64, riscv64, ppc64le, armv7l.
 */
export function parseProcNetTcp(text: string, littleEndian = true): GuestListener[] {
  const seen = new Set<string>();
  const listeners: GuestListener[] = [];
  for (const line of text.split('\n')) {
    const match = LINE.exec(line);
    if (!match || match[3]!.toUpperCase() !== TCP_LISTEN) continue;
    const ip = formatIp(toIp(match[1]!, littleEndian));
    const port = Number.parseInt(match[2]!, 16);
    const key = `${ip} ${port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    listeners.push({ ip, port });
  }
  return listeners;
}
