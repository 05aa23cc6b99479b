import { isIP } from 'node:net';

/** The peer's address as the kernel reports it; IPv4 clients of a dual-stack socket show up as ::ffff:a.b.c.d. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}
