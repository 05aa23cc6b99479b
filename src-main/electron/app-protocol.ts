import { protocol, type Session } from 'electron';
import { rendererCsp } from '../common/csp';
import { readStaticFile } from '../core/api/static-files';

/**
 * The renderer is loaded from app://limadesk/ rather than file://: a standard, secure scheme
 * gives the page a real origin (so IPC senders and navigations can be checked against it)
 * and lets every response carry the CSP header.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'limadesk';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Whether a URL is a page of the app itself (URL.origin is "null" for custom schemes, so compare parts). */
export function isAppUrl(raw: string | undefined): boolean {
  if (!raw) return false;
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? await readStaticFile(rendererDir, url.pathname) : undefined;
    if (!file) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    return new Response(new Uint8Array(file.body), {
      headers: { 'content-type': file.contentType, 'content-security-policy': rendererCsp(), 'x-content-type-options': 'nosniff' },
    });
  });
}
