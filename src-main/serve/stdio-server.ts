import type { Readable, Writable } from 'node:stream';
import type { ApiEventEnvelope, RemoteHello } from '../common/api';
import type { Disposable } from '../common/disposable';
import type { Logger } from '../common/logger';
import type { ApiDispatch } from '../core/api/handlers';
import { encodeLine, helloOf, LineDecoder, versionMismatch } from '../core/api/remote-protocol';
import { ApiSession } from './api-session';

/**
 * `limadesk serve --stdio`: the API session of `limadesk serve`'s WebSocket, one JSON message
 * per line over stdin and stdout, for another Limadesk that started this one over SSH. Nothing
 * listens on a network interface; the console and terminal session servers listen on loopback
 * only, and the other side reaches them through its SSH connection.
 *
 * Each side's first line is its hello ({"hello":{"api":N,"limadesk":"…"}}); this side says
 * hello at once, and a client that speaks another API version is told so ({"error":{…}},
 * naming both versions) and the session ends. Besides requests, the client may send
 * {"origins":[…]}: the page origins allowed to open console and terminal sessions on its side.
 */
export interface StdioServerOptions {
  input: Readable;
  output: Writable;
  dispatch: ApiDispatch;
  subscribe: (listener: (event: ApiEventEnvelope) => void) => Disposable;
  logger: Logger;
  hello: RemoteHello;
  /** Who the client allows to open console and terminal sessions (its pages' origins). */
  setOrigins: (origins: string[]) => void;
  batchMs?: number;
}

/** The largest request answered; a bigger one gets a 'too-large' failure. */
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
/** A line beyond this is not even kept to be parsed. */
const MAX_LINE_BYTES = 16 * 1024 * 1024;
const MAX_ORIGINS = 32;
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^\s/]{1,255}$/;

export type StdioEnd = 'input-ended' | 'refused' | 'output-failed';

/** Serves one client until its input ends; resolves with why the session ended. */
export function serveStdio(options: StdioServerOptions): Promise<StdioEnd> {
  const { input, output, logger } = options;
  const decoder = new LineDecoder(MAX_LINE_BYTES);
  let session: ApiSession | undefined;
  let finished = false;

  return new Promise<StdioEnd>((resolve) => {
    const finish = (why: StdioEnd): void => {
      if (finished) return;
      finished = true;
      session?.close();
      input.off('data', onData);
      input.pause();
      // The other side hung up (or was refused): this side is done talking as well.
      if (output.writable) output.end();
      resolve(why);
    };
    const write = (message: object): void => {
      if (!finished && output.writable) output.write(encodeLine(message));
    };
    const refuse = (code: string, message: string): void => {
      logger.warn(`serve --stdio: ${message}`);
      write({ error: { code, message } });
      finish('refused');
    };

    const control = (message: Record<string, unknown>): boolean => {
      if (!('origins' in message)) return false;
      const origins = message.origins;
      if (Array.isArray(origins) && origins.length <= MAX_ORIGINS && origins.every((o) => typeof o === 'string' && ORIGIN.test(o))) {
        options.setOrigins(origins as string[]);
      } else {
        logger.warn('serve --stdio: ignored a malformed origins message');
      }
      return true;
    };

    const onHello = (text: string): void => {
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        message = undefined;
      }
      const theirs = helloOf(message);
      if (!theirs) return refuse('invalid-request', 'the first message must be a hello {"hello":{"api":N,"limadesk":"VERSION"}}');
      const mismatch = versionMismatch(options.hello, theirs, { here: options.hello.hostname ?? 'this host', there: 'the connecting machine' });
      if (mismatch) return refuse('version-mismatch', mismatch);
      session = new ApiSession({
        dispatch: options.dispatch,
        subscribe: options.subscribe,
        send: write,
        logger,
        batchMs: options.batchMs ?? 100,
        maxMessageBytes: MAX_MESSAGE_BYTES,
        control,
      });
    };

    const onLine = (event: ReturnType<LineDecoder['push']>[number]): void => {
      if (finished) return;
      if (event.kind === 'overflow') {
        if (!session) return refuse('too-large', `the first message has ${event.bytes} bytes; a hello has a few dozen`);
        session.receiveOversized(event.bytes);
        return;
      }
      if (event.text.trim() === '') return;
      if (!session) return onHello(event.text);
      void session.receive(event.text, event.bytes);
    };

    const onData = (chunk: Buffer): void => {
      for (const event of decoder.push(chunk)) onLine(event);
    };
    input.on('data', onData);
    input.once('end', () => {
      for (const event of decoder.end()) onLine(event);
      finish('input-ended');
    });
    input.once('error', () => finish('input-ended'));
    output.on('error', (err) => {
      logger.debug('serve --stdio: output failed', { error: err.message });
      finish('output-failed');
    });
    write({ hello: options.hello });
  });
}
