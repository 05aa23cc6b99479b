import { shell, type App, type Session } from 'electron';
import { rendererCsp } from '../common/csp';
import type { Logger } from '../common/logger';
import { isAppUrl } from './app-protocol';

// Links the page may open in the user's browser; everything else is refused.
const EXTERNAL_ALLOWED = ['https://lima-vm.io/', 'https://github.com/lima-vm/'];

/** Denies every permission request (camera, notifications from the page, …) and sets the CSP on every response. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [rendererCsp()] } });
  });
}

/** No page may navigate away from the app, open windows or embed webviews. */
export function hardenWebContents(app: App, logger: Logger): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (EXTERNAL_ALLOWED.some((prefix) => url.startsWith(prefix))) void shell.openExternal(url);
      else logger.warn('refused to open a window', { url });
      return { action: 'deny' };
    });
    const stayInApp = (event: { preventDefault(): void }, url: string): void => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      logger.warn('refused a navigation away from the app', { url });
    };
    contents.on('will-navigate', stayInApp);
    contents.on('will-redirect', stayInApp);
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
