import net from 'node:net';

// IP addresses as Go's net.IP treats them, since Lima's forwarding rules are written in those
// terms: an IPv4 address and its IPv4-mapped IPv6 form are the same address, `0.0.0.0` and
// `::` are both "unspecified", and the text form of a mapped address is the dotted IPv4 one.

/** 16 bytes; IPv4 addresses in their IPv4-mapped form (::ffff:a.b.c.d). */
export type IpBytes = Uint8Array;

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

export function v4Mapped(a: number, b: number, c: number, d: number): IpBytes {
  return Uint8Array.from([...V4_MAPPED_PREFIX, a, b, c, d]);
}

function parseV4(text: string): IpBytes {
  const [a, b, c, d] = text.split('.').map(Number) as [number, number, number, number];
  return v4Mapped(a, b, c, d);
}

function parseV6(text: string): IpBytes {
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) is two more hex groups.
  let hex = text;
  const lastColon = hex.lastIndexOf(':');
  const tail = hex.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    hex = `${hex.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [left, right] = hex.split('::') as [string, string | undefined];
  const leftGroups = left === '' ? [] : left.split(':');
  const rightGroups = right === undefined || right === '' ? [] : right.split(':');
  const zeros = right === undefined ? 0 : 8 - leftGroups.length - rightGroups.length;
  const bytes: number[] = [];
  for (const group of [...leftGroups, ...Array<string>(zeros).fill('0'), ...rightGroups]) {
    const value = Number.parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  return Uint8Array.from(bytes);
}

/** Parses an IPv4 or IPv6 address (no zone, no brackets); undefined if it is not one. */
export function parseIp(text: string): IpBytes | undefined {
  switch (net.isIP(text)) {
    case 4:
      return parseV4(text);
    case 6:
      return parseV6(text);
    default:
      return undefined;
  }
}

export function isV4(ip: IpBytes): boolean {
  return V4_MAPPED_PREFIX.every((byte, i) => ip[i] === byte);
}

export function ipEqual(a: IpBytes, b: IpBytes): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** `0.0.0.0` or `::`: a listener on every address of its family. */
export function isUnspecified(ip: IpBytes): boolean {
  return isV4(ip) ? ip.slice(12).every((b) => b === 0) : ip.every((b) => b === 0);
}

export const IPV4_LOOPBACK = v4Mapped(127, 0, 0, 1);
export const IPV6_LOOPBACK = Uint8Array.from([...Array<number>(15).fill(0), 1]);

/** The text form Go's net.IP.String() gives: dotted IPv4 for mapped addresses, RFC 5952 IPv6 otherwise. */
export function formatIp(ip: IpBytes): string {
  if (isV4(ip)) return [...ip.slice(12)].join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip[i] ?? 0) << 8) | (ip[i + 1] ?? 0));
  // The longest run of two or more zero groups (the first of equal runs) becomes "::".
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (list: number[]): string => list.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** `host:port` as Go's net.JoinHostPort writes it: IPv6 hosts in brackets. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
