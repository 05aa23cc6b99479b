import type { Disposable } from '../common/disposable';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { failure, type ApiEventEnvelope, type ApiFailure } from '../common/api';
import { rendererCsp } from '../common/csp';
import { silentLogger, type Logger } from '../common/logger';
import type { ApiDispatch } from '../core/api/handlers';
import { HostPolicy, isLoopbackHost, newToken, requestUrl, sameToken, tokenOf } from './access';
import { CONNECT_PAGE_CSP, connectPage, type ConnectReason } from './connect-page';
import { readStaticFile } from '../core/api/static-files';
import { attachWebSocketEndpoint, WS_PATH } from './ws-endpoint';

export interface ServeOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Binding to anything but loopback is refused unless this is set. */
  allowRemote?: boolean;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  dispatch: ApiDispatch;
  /** Subscribes to pushed events; disposing of the result unsubscribes. */
  subscribe: (listener: (event: ApiEventEnvelope) => void) => Disposable;
  logger?: Logger;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  batchMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const API_PREFIX = '/api/';
/** The largest request body; the API's biggest parameter, a lima.yaml text, is at most 1 MiB. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly result: ApiFailure,
  ) {
    super(result.message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendConnectPage(res: ServerResponse, status: 401 | 403, reason: ConnectReason, head: boolean): void {
  const text = connectPage(reason);
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    'content-security-policy': CONNECT_PAGE_CSP,
  });
  res.end(head ? undefined : text);
}

const tooLarge = () => new HttpFailure(413, failure('too-large', `request too large: the server accepts at most ${MAX_BODY_BYTES} bytes`));

/**
 * The body, up to MAX_BODY_BYTES. A bigger one is answered 413 without reading it all: what
 * is still coming is discarded (not refused with a reset, which would lose the answer).
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpFailure(400, failure('invalid-request', `request body is not valid JSON: ${(err as Error).message}`));
  }
}

/**
 * `limadesk serve`: the built renderer and the API over HTTP (POST /api/<method>) and a
 * WebSocket (requests and pushed events). The API needs the token from the printed URL on
 * every request, explicitly (query, Authorization or X-Limadesk-Token); no cookie carries it,
 * since cookies are not scoped by port and every other server on this host would receive it.
 * The app's page needs the token in its URL (and answers without it with a page saying how to
 * get in); its scripts and styles are public and load without it.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger;
  if (!isLoopbackHost(options.host) && !options.allowRemote) {
    throw new Error(`refusing to listen on ${options.host}: it is not a loopback address (pass --allow-remote to expose Limadesk to the network)`);
  }
  const token = options.token ?? newToken();
  const server: Server = createServer();
  let policy = new HostPolicy(options.port, Boolean(options.allowRemote));

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL | undefined): Promise<void> => {
    res.setHeader('x-content-type-options', 'nosniff');
    // The token travels in the URL: never let it leak to another site through Referer.
    res.setHeader('referrer-policy', 'no-referrer');
    if (!url) {
      sendJson(res, 400, failure('invalid-request', 'the request target is not a valid path'));
      return;
    }
    if (!policy.hostAllowed(req.headers.host)) {
      sendJson(res, 403, failure('forbidden', `Host ${JSON.stringify(req.headers.host ?? '')} is not this server`));
      return;
    }
    if (!policy.originAllowed(req.headers.origin, req.headers.host)) {
      sendJson(res, 403, failure('forbidden', `requests from origin ${JSON.stringify(req.headers.origin)} are not allowed`));
      return;
    }
    if (url.pathname.startsWith(API_PREFIX)) {
      const given = tokenOf(req, url);
      if (given === undefined) {
        sendJson(res, 401, failure('unauthorized', 'this Limadesk server needs the token from the URL it printed (?token=…)'));
        return;
      }
      if (!sameToken(token, given)) {
        sendJson(res, 403, failure('forbidden', 'wrong token'));
        return;
      }
      await handleApi(req, res, url.pathname.slice(API_PREFIX.length));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, failure('invalid-request', `${req.method ?? ''} is not allowed here`));
      return;
    }
    const file = await readStaticFile(options.rendererDir, url.pathname);
    if (!file) {
      sendJson(res, 404, failure('not-found', `no such file: ${url.pathname}`));
      return;
    }
    const headers: Record<string, string | number> = { 'content-type': file.contentType, 'content-length': file.body.length, 'cache-control': 'no-store' };
    if (file.isHtml) {
      const given = url.searchParams.get('token') ?? undefined;
      if (!sameToken(token, given)) {
        sendConnectPage(res, given === undefined ? 401 : 403, given === undefined ? 'missing' : 'wrong', req.method === 'HEAD');
        return;
      }
      headers['content-security-policy'] = rendererCsp([`ws://${req.headers.host ?? ''}`]);
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string): Promise<void> => {
    if (req.method !== 'POST') {
      sendJson(res, 405, failure('invalid-request', `use POST for /api/${method}`));
      return;
    }
    const params = parseJsonBody(await readBody(req));
    const result = await options.dispatch(method, params);
    const status = result.ok ? 200 : result.code === 'unknown-method' ? 404 : result.code === 'invalid-request' ? 400 : 200;
    sendJson(res, status, result);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = requestUrl(req.url);
    handle(req, res, url).catch((err: unknown) => {
      if (err instanceof HttpFailure) {
        if (!res.headersSent) sendJson(res, err.status, err.result, err.status === 413 ? { connection: 'close' } : {});
        return;
      }
      // The path only: the query holds the token.
      logger.error('serve: request failed', { path: url?.pathname ?? '(not a path)', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      if (!res.headersSent) sendJson(res, 500, failure('internal', 'the server failed to answer this request; see its log'));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  policy = new HostPolicy(port, Boolean(options.allowRemote));

  const ws = attachWebSocketEndpoint(server, {
    token,
    policy,
    dispatch: options.dispatch,
    subscribe: options.subscribe,
    logger,
    batchMs: options.batchMs ?? 100,
  });

  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { WS_PATH };
