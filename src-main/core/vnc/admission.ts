import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { SessionTokens } from './session-tokens';

export const VNC_PATH_PREFIX = '/vnc/';

/** Where one console session connects: the VNC server QEMU runs for an instance. */
export interface VncTarget {
  host: string;
  port: number;
  /** For log lines only. */
  instance: string;
}

export type Admission =
  | { ok: true; target: VncTarget; token: string }
  | { ok: false; status: number; reason: string };

/** The peer's address as the kernel reports it; IPv4 clients of a dual-stack socket show up as ::ffff:a.b.c.d. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

/**
 * Decides whether an upgrade request may become a console session. The checks that cost
 * nothing come before the token, so a request from a wrong origin does not use up a token
 * the real page is about to redeem.
 *
 * An absent Origin is a client that is not a browser (a native viewer, a test): nothing can
 * make it carry someone else's token, so the token alone decides, as for the API server.
 */
export function admit(req: IncomingMessage, tokens: SessionTokens<VncTarget>, allowedOrigins: readonly string[]): Admission {
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    return { ok: false, status: 403, reason: 'console sessions are for this machine only' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) {
    return { ok: false, status: 403, reason: 'this page may not open console sessions' };
  }
  const pathname = (req.url ?? '').split('?')[0] ?? '';
  if (!pathname.startsWith(VNC_PATH_PREFIX)) return { ok: false, status: 404, reason: 'not a console session URL' };
  const token = pathname.slice(VNC_PATH_PREFIX.length);
  if (!token) return { ok: false, status: 401, reason: 'the console session URL has no token' };
  const target = tokens.redeem(token);
  if (!target) return { ok: false, status: 401, reason: 'unknown, used or expired console session token' };
  return { ok: true, target, token };
}
