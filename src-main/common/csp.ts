/**
 * The Content-Security-Policy of the renderer, shared by the Electron shell and
 * `limadesk serve`. Scripts only from the app itself; the only sockets are the app's own
 * origin and loopback WebSockets (the VNC display). noVNC draws its cursor from data: URLs.
 */
export function rendererCsp(extraConnectSources: string[] = []): string {
  const connect = ["'self'", ...extraConnectSources, 'ws://127.0.0.1:*'];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self' blob:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
