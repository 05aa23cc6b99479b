import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import type { LargeReads } from './large-reads';

export interface BridgeOptions {
  /**
   * Bytes the WebSocket may hold unsent before the TCP side stops being read. A VM redrawing
   * its screen can produce data much faster than a busy renderer takes it; without a limit
   * the difference would pile up in this process's memory.
   */
  highWaterMark: number;
  /** Called once, as the first side ends (the other is then being closed); `reason` says which and why. */
  onEnd?: (reason: string) => void;
}

export const DEFAULT_HIGH_WATER_MARK = 4 * 1024 * 1024;

/** WebSocket close codes (RFC 6455 §7.4.1). */
const CLOSE_NORMAL = 1000;
const CLOSE_UNSUPPORTED_DATA = 1003;
const CLOSE_INTERNAL_ERROR = 1011;
const BINARY = { binary: true } as const;

/** The ws close reason must fit a control frame (125 bytes, 2 of them the code). */
function closeReason(text: string): string {
  return Buffer.byteLength(text) <= 123 ? text : text.slice(0, 100);
}

function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * Joins an open WebSocket and a connected TCP socket: binary frames one way, the TCP byte
 * stream as binary frames the other, each side throttled by the other's backlog, and either
 * side's end (close, error, the VM exiting) ends the other. The TCP socket reads through
 * `reads` (its `onread`), which holds what arrived before the WebSocket opened.
 */
export function bridgeWebSocketToTcp(ws: WebSocket, tcp: Socket, reads: LargeReads, options: BridgeOptions): void {
  let ended = false;
  let tcpPausedForWs = false;
  let wsPausedForTcp = false;
  const finish = (reason: string): void => {
    if (ended) return;
    ended = true;
    options.onEnd?.(reason);
  };

  const resumeTcp = (): void => {
    if (tcpPausedForWs && !tcp.destroyed) {
      tcpPausedForWs = false;
      tcp.resume();
    }
  };

  reads.pipeTo((chunk) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount + chunk.length < options.highWaterMark) {
      ws.send(chunk, BINARY);
      return;
    }
    // Frames go out in order, so once this one has been handed to the kernel the whole
    // backlog has; a callback on every frame would cost throughput for nothing.
    tcpPausedForWs = true;
    tcp.pause();
    ws.send(chunk, BINARY, resumeTcp);
  });

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (!isBinary) {
      ws.close(CLOSE_UNSUPPORTED_DATA, 'binary frames only');
      return;
    }
    if (tcp.destroyed || tcp.writableEnded) return;
    if (!tcp.write(asBuffer(data)) && !wsPausedForTcp) {
      // The VNC server is not keeping up: stop reading the browser until it does. Frames
      // already parsed still arrive while paused; they queue on the socket like the rest.
      wsPausedForTcp = true;
      ws.pause();
      tcp.once('drain', () => {
        wsPausedForTcp = false;
        ws.resume();
      });
    }
  });

  tcp.on('end', () => {
    // The VNC server hung up (the VM exited or QEMU dropped the client): frames already
    // queued still go out before the close frame.
    if (ws.readyState === ws.OPEN) ws.close(CLOSE_NORMAL, 'the VNC server closed the connection');
  });
  tcp.on('error', (err: Error) => {
    if (ws.readyState === ws.OPEN) ws.close(CLOSE_INTERNAL_ERROR, closeReason(`VNC connection failed: ${err.message}`));
    finish(`tcp error: ${err.message}`);
  });
  tcp.on('close', () => {
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(CLOSE_NORMAL, 'the VNC server closed the connection');
    finish('tcp closed');
  });

  ws.on('close', (code: number) => {
    // A clean FIN lets the VNC server see an orderly disconnect; a socket that never
    // finishes closing is not kept around.
    if (!tcp.destroyed) {
      tcp.end();
      // Reading on lets the server's own FIN arrive, whatever the backlog had paused.
      tcp.resume();
      setTimeout(() => tcp.destroy(), 5_000).unref();
    }
    finish(`websocket closed (${code})`);
  });
  ws.on('error', (err: Error) => {
    tcp.destroy();
    finish(`websocket error: ${err.message}`);
  });

  tcp.resume();
}
