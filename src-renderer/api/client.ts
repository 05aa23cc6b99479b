import type { LimadeskApi } from '../../src-main/common/api';
import { withHostRouting } from '../hosts/host-routing';
import { createWsBridge } from './ws-bridge';

const TOKEN_KEY = 'limadesk.token';

/**
 * The token `limadesk serve` printed in the URL. It is moved from the address bar into
 * session storage so it does not linger in the visible URL, history or screenshots, and
 * reloads of the tab keep working.
 */
function takeToken(win: Window): string {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return win.sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** The one way to the main side: the preload's API in the app, the serve bridge in a browser. */
export function connectApi(win: Window = window): LimadeskApi {
  // Instances of other hosts are acted on where they live (see hosts/host-routing.ts).
  if (win.limadesk) return withHostRouting(win.limadesk);
  const token = takeToken(win);
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  return withHostRouting(createWsBridge(`${scheme}://${win.location.host}/api/ws?token=${encodeURIComponent(token)}`));
}
