import { createHash } from 'node:crypto';

/**
 * The page a browser gets for the app without a valid token: a bookmark, a new tab, a link
 * from an earlier run of the server. It says how to get in instead of showing raw JSON.
 *
 * A reload of the app's own tab lands here too: the app moves the token from the address bar
 * into the tab's session storage (src-renderer/api/client.ts, key `limadesk.token`), so the
 * reloaded URL has none. The page's one script sends such a tab back in with its token, and
 * forgets a token the server refused, so a stale one cannot send it round in circles.
 */
export type ConnectReason = 'missing' | 'wrong';

const SCRIPT = `(function () {
  var key = 'limadesk.token';
  try {
    var token = sessionStorage.getItem(key);
    if (document.body.getAttribute('data-reason') === 'missing' && token) {
      location.replace(location.pathname + '?token=' + encodeURIComponent(token) + location.hash);
    } else if (document.body.getAttribute('data-reason') === 'wrong') {
      sessionStorage.removeItem(key);
    }
  } catch (e) {}
})();`;

const STYLE = `body { font: 15px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1.5rem; }
code { font-family: ui-monospace, monospace; background: rgba(127, 127, 127, 0.15); padding: 0 0.25em; border-radius: 3px; }
h1 { font-size: 1.4rem; }`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The page's Content-Security-Policy: nothing but its own script and style. */
export const CONNECT_PAGE_CSP = `default-src 'none'; script-src ${hash(SCRIPT)}; style-src ${hash(STYLE)}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const TEXT: Record<ConnectReason, { title: string; why: string }> = {
  missing: {
    title: 'Open Limadesk with its link',
    why: 'This is Limadesk in browser mode. It opens only with the link that <code>limadesk serve</code> printed when it started: the link ends in <code>?token=…</code>, a secret that keeps other web pages away from your virtual machines.',
  },
  wrong: {
    title: 'This link is out of date',
    why: 'The token in this link is not the one this server uses. Each run of <code>limadesk serve</code> makes a new one, so a link from an earlier run no longer works.',
  },
};

export function connectPage(reason: ConnectReason): string {
  const { title, why } = TEXT[reason];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="color-scheme" content="light dark">
<title>Limadesk: ${title}</title>
<style>${STYLE}</style>
</head>
<body data-reason="${reason}">
<h1>${title}</h1>
<p>${why}</p>
<p>To get in, use the link printed in the terminal where <code>limadesk serve</code> runs. If you no longer have it, stop that server (Ctrl-C) and run <code>limadesk serve --open</code>: it opens the right link in your browser.</p>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
