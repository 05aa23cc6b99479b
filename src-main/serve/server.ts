import type { Disposable } from '../common/disposable';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { failure, type ApiEventEnvelope, type ApiFailure } from '../common/api';
import { rendererCsp } from '../common/csp';
import { silentLogger, type Logger } from '../common/logger';
import type { ApiDispatch } from '../core/api/handlers';
import { cookieName, HostPolicy, isLoopbackHost, newToken, requestUrl, sameToken, tokenOf } from './access';
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
const MAX_BODY_BYTES = 2 * 1024 * 1024;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly result: ApiFailure,
  ) {
    super(result.message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpFailure(413, failure('invalid-request', `request body is larger than ${MAX_BODY_BYTES} bytes`)));
        req.destroy();
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
 * WebSocket (requests and pushed events). Every request must carry the token from the printed
 * URL; the page load turns it into a cookie so the page's own assets load, while API calls
 * must present it explicitly, so another local page cannot ride on the cookie.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger;
  if (!isLoopbackHost(options.host) && !options.allowRemote) {
    throw new Error(`refusing to listen on ${options.host}: it is not a loopback address (pass --allow-remote to expose Limadesk to the network)`);
  }
  const token = options.token ?? newToken();
  const server: Server = createServer();
  let policy = new HostPolicy(options.port, Boolean(options.allowRemote));
  let cookie = cookieName(options.port);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req.url);
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
    const isApi = url.pathname.startsWith(API_PREFIX);
    const given = tokenOf(req, url, isApi ? {} : { cookie });
    if (given === undefined) {
      sendJson(res, 401, failure('unauthorized', 'this Limadesk server needs the token from the URL it printed (?token=…)'));
      return;
    }
    if (!sameToken(token, given)) {
      sendJson(res, 403, failure('forbidden', 'wrong token'));
      return;
    }
    if (!policy.originAllowed(req.headers.origin, req.headers.host)) {
      sendJson(res, 403, failure('forbidden', `requests from origin ${JSON.stringify(req.headers.origin)} are not allowed`));
      return;
    }
    if (isApi) {
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
      headers['content-security-policy'] = rendererCsp([`ws://${req.headers.host ?? ''}`]);
      headers['set-cookie'] = `${cookie}=${token}; HttpOnly; SameSite=Strict; Path=/`;
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
    handle(req, res).catch((err: unknown) => {
      if (err instanceof HttpFailure) {
        if (!res.headersSent) sendJson(res, err.status, err.result);
        return;
      }
      logger.error('serve: request failed', { url: req.url ?? '', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
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
  cookie = cookieName(port);

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
