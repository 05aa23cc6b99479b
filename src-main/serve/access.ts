import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The request target as a URL, or undefined when it cannot be one. `new URL('//x', base)`
 * reads `//x` as a host, and `///` throws: an unauthenticated request must not be able to
 * throw in the server (on the upgrade path that would crash the process).
 */
export function requestUrl(target: string | undefined): URL | undefined {
  const raw = target ?? '/';
  try {
    return new URL(raw.startsWith('/') ? `http://localhost${raw}` : raw, 'http://localhost');
  } catch {
    return undefined;
  }
}

/** 32 random bytes, URL-safe: the secret in the printed URL. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

export function sameToken(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Where a request may carry the token: the query, `Authorization: Bearer`, or `X-Limadesk-Token`. Never a cookie. */
export function tokenOf(req: IncomingMessage, url: URL): string | undefined {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const header = req.headers['x-limadesk-token'];
  if (typeof header === 'string') return header;
  return undefined;
}

/**
 * The Host header must name this server (a DNS-rebinding page names its own host), and a
 * browser's Origin must be this server's own page. With --allow-remote the server cannot know
 * every name it is reached by, so any Host is accepted but Origin must still match it.
 */
export class HostPolicy {
  constructor(
    private readonly port: number,
    private readonly allowAnyHost: boolean,
  ) {}

  hostAllowed(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    if (this.allowAnyHost) return true;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
    if (!m) return false;
    const host = m[1] ?? '';
    return isLoopbackHost(host) && Number(m[2] ?? 80) === this.port;
  }

  /** An absent Origin is a non-browser client (curl, tests): the token alone decides. */
  originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
    if (origin === undefined) return true;
    return hostHeader !== undefined && origin === `http://${hostHeader}`;
  }
}
