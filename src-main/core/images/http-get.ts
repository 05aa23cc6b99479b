import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';

export interface HttpRequestOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** How long the connection may stay silent before it is given up (default 60 s). */
  idleTimeoutMs?: number;
}

const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** An HTTP failure that names the URL and the status, e.g. a 404 for a mistyped image URL. */
export class HttpStatusError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    statusText: string,
  ) {
    super(`GET ${url}: server answered ${status} ${statusText}`.trim());
    this.name = 'HttpStatusError';
  }
}

function requestOnce(url: URL, options: HttpRequestOptions): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!client) return Promise.reject(new Error(`cannot download ${url.href}: only http, https and file URLs are supported`));
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: options.method ?? 'GET',
      headers: { 'user-agent': 'limadesk', ...options.headers },
      signal: options.signal,
    });
    req.setTimeout(options.idleTimeoutMs ?? 60_000, () => {
      req.destroy(new Error(`no data from ${url.host} for ${Math.round((options.idleTimeoutMs ?? 60_000) / 1000)} s`));
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

/**
 * Sends one request, following redirects (a mirror or a release page usually redirects), and
 * resolves with the final response, whatever its status. The caller reads or discards the body.
 */
export async function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<IncomingMessage> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const res = await requestOnce(current, options);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return res;
    res.resume();
    if (hop >= MAX_REDIRECTS) throw new Error(`GET ${url}: more than ${MAX_REDIRECTS} redirects`);
    current = new URL(location, current);
  }
}
