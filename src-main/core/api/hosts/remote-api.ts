import type { Readable, Writable } from 'node:stream';
import { failure, isApiEventName, type ApiEventEnvelope, type ApiResult, type RemoteHello } from '../../../common/api';
import { silentLogger, type Logger } from '../../../common/logger';
import { helloOf, versionMismatch } from './hello';
import { encodeLine, LineDecoder } from './json-lines';
import type { HostFailure } from './ssh-problem';

/**
 * The client side of `limadesk serve --stdio`: says hello, checks the other side's, then sends
 * requests and hands over pushed events. The session itself (ids, replies, events) is the one
 * `limadesk serve` speaks over its WebSocket.
 */
export interface RemoteApiOptions {
  /** What the remote writes (ssh's stdout). */
  input: Readable;
  /** What the remote reads (ssh's stdin). */
  output: Writable;
  hello: RemoteHello;
  /** How messages name the other side: `host "box"`. */
  there: string;
  onEvent: (event: ApiEventEnvelope) => void;
  logger?: Logger;
}

/** The remote refused us, or said something that is not this protocol. */
export class RemoteProtocolError extends Error implements HostFailure {
  constructor(
    readonly problem: HostFailure['problem'],
    message: string,
  ) {
    super(message);
    this.name = 'RemoteProtocolError';
  }
}

const MAX_LINE_BYTES = 64 * 1024 * 1024;
// A login shell may print a banner before the command runs; that much is skipped before the hello.
const MAX_NOISE_BYTES = 64 * 1024;

function asResult(value: unknown): ApiResult<unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (r.ok === true) return { ok: true, value: r.value };
  if (r.ok === false && typeof r.code === 'string' && typeof r.message === 'string') return r as unknown as ApiResult<unknown>;
  return undefined;
}

interface Pending {
  method: string;
  resolve: (result: ApiResult<unknown>) => void;
}

export class RemoteApi {
  /** The remote's hello, once it said one this side can talk to. */
  readonly ready: Promise<RemoteHello>;
  /** Settles once the session is over, with why. */
  readonly ended: Promise<string>;
  private readonly pending = new Map<number, Pending>();
  private readonly decoder = new LineDecoder(MAX_LINE_BYTES);
  private readonly logger: Logger;
  private nextId = 1;
  private greeted = false;
  private noise = 0;
  private endReason: string | undefined;
  private settleReady!: { resolve: (h: RemoteHello) => void; reject: (e: Error) => void };
  private settleEnded!: (why: string) => void;

  constructor(private readonly options: RemoteApiOptions) {
    this.logger = options.logger ?? silentLogger;
    this.ready = new Promise((resolve, reject) => (this.settleReady = { resolve, reject }));
    // Nobody may be waiting on `ready` when the connection fails; that must not crash.
    this.ready.catch(() => undefined);
    this.ended = new Promise((resolve) => (this.settleEnded = resolve));
    options.input.on('data', (chunk: Buffer) => {
      for (const event of this.decoder.push(chunk)) {
        if (event.kind === 'overflow') this.end(`the remote sent a message of ${event.bytes} bytes, more than ${MAX_LINE_BYTES}`);
        else this.onLine(event.text);
      }
    });
    options.input.once('end', () => this.end('the connection closed'));
    options.input.once('error', (err) => this.end(`reading from the connection failed: ${err.message}`));
    options.output.on('error', (err) => this.end(`writing to the connection failed: ${err.message}`));
    this.write({ hello: options.hello });
  }

  get isOpen(): boolean {
    return this.endReason === undefined;
  }

  /** One request; a session that ends first answers it with an 'unreachable' failure. */
  call(method: string, params: unknown): Promise<ApiResult<unknown>> {
    if (this.endReason !== undefined) return Promise.resolve(this.lost(method));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { method, resolve });
      this.write({ id, method, params: params ?? {} });
    });
  }

  /** The page origins of this side that may open console and terminal sessions on the remote. */
  setOrigins(origins: readonly string[]): void {
    this.write({ origins });
  }

  /** Ends the session from this side: requests in flight fail with `why`. */
  end(why: string): void {
    if (this.endReason !== undefined) return;
    this.endReason = why;
    if (!this.greeted) this.settleReady.reject(new RemoteProtocolError('dropped', why));
    for (const [id, request] of this.pending) {
      this.pending.delete(id);
      request.resolve(this.lost(request.method));
    }
    if (this.options.output.writable) this.options.output.end();
    this.settleEnded(why);
  }

  private lost(method: string) {
    return failure('unreachable', `${method} on ${this.options.there}: ${this.endReason ?? 'the connection was lost'}`);
  }

  private write(message: object): void {
    if (this.endReason !== undefined || !this.options.output.writable) return;
    this.options.output.write(encodeLine(message));
  }

  private onLine(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      message = undefined;
    }
    if (!this.greeted) return this.beforeHello(text, message);
    if (typeof message !== 'object' || message === null) {
      this.logger.warn('a remote host sent a line that is not a message', { host: this.options.there, line: text.slice(0, 200) });
      return;
    }
    const record = message as Record<string, unknown>;
    if (Array.isArray(record.events)) {
      for (const e of record.events as Array<{ event?: unknown }>) {
        if (isApiEventName(e?.event)) this.options.onEvent(e as ApiEventEnvelope);
      }
      return;
    }
    if (typeof record.id === 'number') {
      const request = this.pending.get(record.id);
      if (!request) return;
      this.pending.delete(record.id);
      request.resolve(asResult(record.result) ?? failure('internal', `${request.method} on ${this.options.there}: the answer was not an API result`));
      return;
    }
    const error = this.errorOf(record);
    if (error) this.end(error.message);
  }

  private errorOf(record: Record<string, unknown>): RemoteProtocolError | undefined {
    const error = record.error as { code?: unknown; message?: unknown } | undefined;
    if (typeof error !== 'object' || error === null || typeof error.message !== 'string') return undefined;
    return new RemoteProtocolError(error.code === 'version-mismatch' ? 'version-mismatch' : 'failed', `${this.options.there} refused the session: ${error.message}`);
  }

  private beforeHello(text: string, message: unknown): void {
    const theirs = helloOf(message);
    if (theirs) {
      const mismatch = versionMismatch(this.options.hello, theirs, { here: 'this machine', there: this.options.there });
      if (mismatch) {
        this.settleReady.reject(new RemoteProtocolError('version-mismatch', mismatch));
        this.greeted = true;
        this.end(mismatch);
        return;
      }
      this.greeted = true;
      this.settleReady.resolve(theirs);
      return;
    }
    const error = typeof message === 'object' && message !== null ? this.errorOf(message as Record<string, unknown>) : undefined;
    if (error) {
      this.settleReady.reject(error);
      this.greeted = true;
      this.end(error.message);
      return;
    }
    // Output of the remote's login scripts: skipped, within reason.
    this.noise += text.length + 1;
    this.logger.debug('a remote host printed before its hello', { host: this.options.there, line: text.slice(0, 200) });
    if (this.noise > MAX_NOISE_BYTES) {
      const protocolError = new RemoteProtocolError('cli-too-old', `${this.options.there} did not answer as \`limadesk serve --stdio\` does (it printed ${JSON.stringify(text.slice(0, 120))})`);
      this.settleReady.reject(protocolError);
      this.greeted = true;
      this.end(protocolError.message);
    }
  }
}
