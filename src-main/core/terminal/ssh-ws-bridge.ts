import type { Client, ClientChannel } from 'ssh2';
import type { RawData, WebSocket } from 'ws';
import { parseResizeMessage, type TerminalSize } from './resize-message';

/** WebSocket close codes: 1000 normal, 1011 the server side failed. */
export const CLOSE_NORMAL = 1000;
export const CLOSE_SERVER_ERROR = 1011;

/** Bytes queued towards the browser above which the guest's output is paused. */
const HIGH_WATER_MARK = 1024 * 1024;
const LOW_WATER_MARK = 256 * 1024;

export interface BridgeOptions {
  size: TerminalSize;
  /** TERM for the guest's PTY; xterm.js emulates xterm-256color. */
  term?: string;
  onEnd(reason: string): void;
}

/** A close reason must fit in a control frame: 123 bytes of UTF-8. */
export function closeReason(text: string): string {
  let reason = text.replace(/\s+/g, ' ').trim();
  while (Buffer.byteLength(reason) > 123) reason = `${reason.slice(0, -2)}…`;
  return reason;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function openShell(client: Client, size: TerminalSize, term: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    client.shell({ term, cols: size.cols, rows: size.rows }, (err, channel) => (err ? reject(err) : resolve(channel)));
  });
}

/**
 * Joins a browser WebSocket (paused by the caller, so what the page sent early waits in the
 * socket rather than being dropped; resumed here once the shell is open) to an interactive login shell on an authenticated SSH connection:
 * binary frames carry terminal bytes both ways, a text frame `{"resize":[cols,rows]}` changes
 * the PTY size, and when either side ends the other is closed, with the reason passed on.
 */
export async function bridgeWebSocketToSsh(ws: WebSocket, client: Client, options: BridgeOptions): Promise<void> {
  let ended = false;
  let channel: ClientChannel | undefined;
  const end = (reason: string, code: number): void => {
    if (ended) return;
    ended = true;
    channel?.close();
    client.end();
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, closeReason(reason));
    options.onEnd(reason);
  };
  ws.on('close', () => end('the terminal page disconnected', CLOSE_NORMAL));
  ws.on('error', (err) => end(`WebSocket error: ${err.message}`, CLOSE_SERVER_ERROR));
  client.on('error', (err) => end(`SSH error: ${err.message}`, CLOSE_SERVER_ERROR));
  client.on('close', () => end('the SSH connection closed', CLOSE_NORMAL));

  try {
    channel = await openShell(client, options.size, options.term ?? 'xterm-256color');
  } catch (err) {
    end(`the guest refused a shell: ${(err as Error).message}`, CLOSE_SERVER_ERROR);
    return;
  }
  if (ended) {
    channel.close();
    return;
  }
  const shell = channel;
  let exitStatus: string | undefined;
  shell.on('exit', (code: number | null, signal?: string) => {
    exitStatus = signal ? `signal ${signal}` : `status ${code ?? '?'}`;
  });
  shell.on('close', () => end(exitStatus ? `the shell exited with ${exitStatus}` : 'the shell closed', CLOSE_NORMAL));
  const forward = (data: Buffer): void => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(data, { binary: true });
    // The guest can print faster than a browser renders: stop reading until the queue drains.
    if (ws.bufferedAmount > HIGH_WATER_MARK) {
      shell.pause();
      const resume = setInterval(() => {
        if (ended || ws.bufferedAmount <= LOW_WATER_MARK) {
          clearInterval(resume);
          shell.resume();
        }
      }, 20);
    }
  };
  shell.on('data', forward);
  shell.stderr.on('data', forward);
  const onMessage = (data: RawData, isBinary: boolean): void => {
    if (isBinary) {
      shell.write(toBuffer(data));
      return;
    }
    const size = parseResizeMessage(toBuffer(data).toString('utf8'));
    if (size) shell.setWindow(size.rows, size.cols, 0, 0);
  };
  ws.on('message', onMessage);
  ws.resume();
}
