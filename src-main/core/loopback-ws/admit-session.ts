import type { IncomingMessage } from 'node:http';
import { isLoopbackAddress } from './loopback-address';

/** Which one-use session URLs a server hands out, and the word its refusals use for them. */
export interface SessionUrlRules {
  /** The path every session URL starts with, the token following it (e.g. `/vnc/`). */
  pathPrefix: string;
  /** `console`, `terminal`: named in the reasons a refused page or client is given. */
  kind: string;
}

export type SessionAdmission<T> = { ok: true; target: T; token: string } | { ok: false; status: number; reason: string };

/**
 * Decides whether an upgrade request may become a session. The checks that cost nothing
 * come before the token, so a request from a wrong origin does not use up a token the real
 * page is about to redeem.
 *
 * An absent Origin is a client that is not a browser (a native viewer, a test): nothing can
 * make it carry someone else's token, so the token alone decides, as for the API server.
 */
export function admitSession<T>(
  req: IncomingMessage,
  tokens: { redeem(token: string): T | undefined },
  allowedOrigins: readonly string[],
  rules: SessionUrlRules,
): SessionAdmission<T> {
  const { pathPrefix, kind } = rules;
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    return { ok: false, status: 403, reason: `${kind} sessions are for this machine only` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) {
    return { ok: false, status: 403, reason: `this page may not open ${kind} sessions` };
  }
  const pathname = (req.url ?? '').split('?')[0] ?? '';
  if (!pathname.startsWith(pathPrefix)) return { ok: false, status: 404, reason: `not a ${kind} session URL` };
  const token = pathname.slice(pathPrefix.length);
  if (!token) return { ok: false, status: 401, reason: `the ${kind} session URL has no token` };
  const target = tokens.redeem(token);
  if (!target) return { ok: false, status: 401, reason: `unknown, used or expired ${kind} session token` };
  return { ok: true, target, token };
}
