/**
 * Console and terminal sessions of a remote instance: the remote hands out one-use URLs on its
 * own loopback (`ws://127.0.0.1:PORT/vnc/TOKEN`); this side forwards that port over the SSH
 * connection to a loopback port of its own and hands out the same URL with that port. The
 * token, path and query are kept, so the remote's checks (one use, Origin) still decide.
 */

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The loopback port a remote session URL points at; anything else is refused with why. */
export function remoteSessionPort(url: string): { port: number } | { problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: `the remote host answered with a session URL that does not parse: ${JSON.stringify(url.slice(0, 200))}` };
  }
  if (parsed.protocol !== 'ws:') return { problem: `the remote host answered with a ${parsed.protocol} session URL; only ws:// on its loopback is forwarded` };
  if (!LOOPBACK_NAMES.has(parsed.hostname)) return { problem: `the remote host answered with a session URL on ${parsed.hostname}, not on its loopback: refused` };
  if (parsed.username || parsed.password) return { problem: 'the remote host answered with a session URL that carries credentials: refused' };
  const port = Number(parsed.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { problem: `the remote host answered with a session URL without a port: ${JSON.stringify(parsed.origin)}` };
  return { port };
}

/** The same session URL on this machine's loopback port `localPort`. */
export function localSessionUrl(remoteUrl: string, localPort: number): string {
  const parsed = new URL(remoteUrl);
  return `ws://127.0.0.1:${localPort}${parsed.pathname}${parsed.search}`;
}
