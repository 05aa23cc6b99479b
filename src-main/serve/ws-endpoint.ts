import type { Disposable } from '../common/disposable';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { failure, type ApiEventEnvelope, type ApiResult } from '../common/api';
import type { Logger } from '../common/logger';
import type { ApiDispatch } from '../core/api/handlers';
import { requestUrl, sameToken, tokenOf, type HostPolicy } from './access';
import { createEventBatcher } from '../common/event-batcher';

export const WS_PATH = '/api/ws';

/**
 * The WebSocket protocol of `limadesk serve`, one JSON object per message:
 *   client → server  { id, method, params }
 *   server → client  { id, result }            (result is an ApiResult)
 *                    { events: [{ event, payload }, …] }
 * A message that cannot be understood gets a result with `id: null` (or its id, if it had
 * one) and an 'invalid-request' failure; the connection stays open.
 */
export interface WsReply {
  id: string | number | null;
  result: ApiResult<unknown>;
}

export interface WsEndpointOptions {
  token: string;
  policy: HostPolicy;
  dispatch: ApiDispatch;
  subscribe: (listener: (event: ApiEventEnvelope) => void) => Disposable;
  logger: Logger;
  batchMs: number;
}

/** The largest request answered; a bigger one gets a 'too-large' failure (its id, when it has one). */
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
/** Beyond this the connection itself is closed (1009): not even the id is worth reading. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

function refuse(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}\n`);
}

function tooLarge(size: number) {
  return failure('too-large', `request too large: ${size} bytes; the server accepts at most ${MAX_MESSAGE_BYTES} bytes per request`);
}

function idOf(message: Record<string, unknown>): string | number | null {
  const id = message.id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
}

export function attachWebSocketEndpoint(server: Server, options: WsEndpointOptions): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req.url);
    if (url?.pathname !== WS_PATH) return refuse(socket, 404, 'no WebSocket here');
    if (!options.policy.hostAllowed(req.headers.host)) return refuse(socket, 403, 'wrong Host');
    const given = tokenOf(req, url);
    if (given === undefined) return refuse(socket, 401, 'token missing');
    if (!sameToken(options.token, given)) return refuse(socket, 403, 'wrong token');
    // WebSockets are exempt from CORS: the Origin check is what keeps other pages out.
    if (!options.policy.originAllowed(req.headers.origin, req.headers.host)) return refuse(socket, 403, 'origin not allowed');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const send = (ws: WebSocket, body: unknown): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(body));
  };

  const batcher = createEventBatcher((events) => {
    for (const client of wss.clients) send(client, { events });
  }, { setTimeout, clearTimeout }, options.batchMs);
  const subscription = options.subscribe((event) => {
    if (wss.clients.size > 0) batcher.push(event);
  });

  const onMessage = async (ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> => {
    if (isBinary) {
      send(ws, { id: null, result: failure('invalid-request', 'send requests as JSON text messages') } satisfies WsReply);
      return;
    }
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch (err) {
      const result = size > MAX_MESSAGE_BYTES ? tooLarge(size) : failure('invalid-request', `message is not valid JSON: ${(err as Error).message}`);
      send(ws, { id: null, result } satisfies WsReply);
      return;
    }
    if (size > MAX_MESSAGE_BYTES) {
      const id = typeof message === 'object' && message !== null ? idOf(message as Record<string, unknown>) : null;
      send(ws, { id, result: tooLarge(size) } satisfies WsReply);
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      send(ws, { id: null, result: failure('invalid-request', 'a request must be an object { id, method, params }') } satisfies WsReply);
      return;
    }
    const record = message as Record<string, unknown>;
    const id = idOf(record);
    if (id === null) {
      send(ws, { id: null, result: failure('invalid-request', 'a request needs an "id" (string or number)') } satisfies WsReply);
      return;
    }
    const result = await options.dispatch(record.method, record.params);
    send(ws, { id, result } satisfies WsReply);
  };

  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', (err) => options.logger.debug('serve: WebSocket error', { error: err.message }));
    ws.on('message', (data, isBinary) => {
      onMessage(ws, data, isBinary).catch((err: unknown) => {
        options.logger.error('serve: WebSocket request failed', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
        send(ws, { id: null, result: failure('internal', 'the server failed to answer a request; see its log') } satisfies WsReply);
      });
    });
  });

  return {
    close: () => {
      void subscription.dispose();
      batcher.close();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
