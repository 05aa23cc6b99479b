/**
 * Where a forwarded port can be opened from the host. A TCP forward's host side is an address
 * on this machine (`127.0.0.1:8080`, `[::1]:8080`); one on the wildcard is reached on
 * loopback. Ports that speak something else than HTTP by convention (databases, SSH, the
 * container engines) get no link: a browser cannot open them.
 */
import type { PortForwardInfo } from '../../src-main/common/api';

const NOT_HTTP = new Set([22, 25, 53, 110, 143, 389, 445, 1433, 1521, 2375, 2376, 3306, 5432, 5672, 6379, 6443, 9042, 11211, 27017]);

export interface HostPort {
  host: string;
  port: number;
}

/** `127.0.0.1:8080` → host and port; undefined for a socket path. */
export function parseHostAddr(addr: string | undefined): HostPort | undefined {
  if (!addr) return undefined;
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(addr);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  let host = m[1] as string;
  if (host === '0.0.0.0' || host === '') host = '127.0.0.1';
  if (host === '[::]') host = '[::1]';
  return { host, port };
}

/** The http:// URL that opens a forward, when it is one a browser can open. */
export function httpUrlOf(forward: PortForwardInfo): string | undefined {
  if (forward.protocol !== 'tcp' || forward.state !== 'forwarding' || forward.reverse) return undefined;
  const hp = parseHostAddr(forward.hostAddr);
  if (!hp || NOT_HTTP.has(hp.port)) return undefined;
  return `http://${hp.host}:${hp.port}/`;
}

/** The forwards a row shows: forwarded TCP ports, by host port. */
export function rowPorts(forwards: readonly PortForwardInfo[]): Array<{ port: number; url: string | undefined; forward: PortForwardInfo }> {
  const out: Array<{ port: number; url: string | undefined; forward: PortForwardInfo }> = [];
  for (const f of forwards) {
    if (f.protocol !== 'tcp' || f.state !== 'forwarding' || f.reverse) continue;
    const hp = parseHostAddr(f.hostAddr);
    if (hp) out.push({ port: hp.port, url: httpUrlOf(f), forward: f });
  }
  return out.sort((a, b) => a.port - b.port);
}
