import type { Disposable } from '../common/disposable';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { ApiEventEnvelope } from '../common/api';
import type { Logger } from '../common/logger';
import type { ApiDispatch } from '../core/api/handlers';
import { requestUrl, sameToken, tokenOf, type HostPolicy } from './access';
import { ApiSession, type SessionReply } from './api-session';

export const WS_PATH = '/api/ws';

/** The WebSocket carries the protocol of ApiSession, one JSON object per text message. */
export type WsReply = SessionReply;

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

export function attachWebSocketEndpoint(server: Server, options: WsEndpointOptions): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const sessions = new Set<ApiSession>();

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

  wss.on('connection', (ws: WebSocket) => {
    const session = new ApiSession({
      dispatch: options.dispatch,
      subscribe: options.subscribe,
      send: (message) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
      },
      logger: options.logger,
      batchMs: options.batchMs,
      maxMessageBytes: MAX_MESSAGE_BYTES,
    });
    sessions.add(session);
    ws.on('error', (err) => options.logger.debug('serve: WebSocket error', { error: err.message }));
    ws.once('close', () => {
      session.close();
      sessions.delete(session);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return session.receiveBinary();
      const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
      void session.receive(data.toString(), size);
    });
  });

  return {
    close: () => {
      for (const session of sessions) session.close();
      sessions.clear();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
