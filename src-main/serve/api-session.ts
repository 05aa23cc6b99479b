import { failure, type ApiEventEnvelope, type ApiResult } from '../common/api';
import type { Disposable } from '../common/disposable';
import { createEventBatcher } from '../common/event-batcher';
import type { Logger } from '../common/logger';
import type { ApiDispatch } from '../core/api/handlers';

/**
 * The API as one client sees it over a message transport, whatever carries the messages (a
 * WebSocket of `limadesk serve`, the stdin and stdout of `limadesk serve --stdio`). One JSON
 * object per message:
 *   client → server  { id, method, params }
 *   server → client  { id, result }            (result is an ApiResult)
 *                    { events: [{ event, payload }, …] }
 * A message that cannot be understood gets a result with `id: null` (or its id, if it had
 * one) and an 'invalid-request' failure; the session stays open.
 */
export interface SessionReply {
  id: string | number | null;
  result: ApiResult<unknown>;
}

export interface ApiSessionOptions {
  dispatch: ApiDispatch;
  subscribe: (listener: (event: ApiEventEnvelope) => void) => Disposable;
  /** Writes one message to the client; the transport frames it. */
  send: (message: object) => void;
  logger: Logger;
  /** Pushed events are batched over this long (see createEventBatcher). */
  batchMs: number;
  /** The largest request answered; a bigger one gets a 'too-large' failure. */
  maxMessageBytes: number;
  /**
   * Messages of the transport itself (not requests): a message it takes returns true and is
   * not answered. The stdio transport's session origins are one.
   */
  control?: (message: Record<string, unknown>) => boolean;
}

function idOf(message: Record<string, unknown>): string | number | null {
  const id = message.id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
}

export class ApiSession {
  private readonly batcher;
  private readonly subscription: Disposable;
  private closed = false;

  constructor(private readonly options: ApiSessionOptions) {
    this.batcher = createEventBatcher((events) => this.send({ events }), { setTimeout, clearTimeout }, options.batchMs);
    this.subscription = options.subscribe((event) => this.batcher.push(event));
  }

  /** A message that is not text (a binary WebSocket frame): refused, the session stays. */
  receiveBinary(): void {
    this.reply({ id: null, result: failure('invalid-request', 'send requests as JSON text messages') });
  }

  /** A request that was too big to keep: answered without being read. */
  receiveOversized(size: number): void {
    this.reply({ id: null, result: this.tooLarge(size) });
  }

  /** One text message of `size` bytes; resolves once it is answered. */
  async receive(text: string, size: number): Promise<void> {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (err) {
      const result = size > this.options.maxMessageBytes ? this.tooLarge(size) : failure('invalid-request', `message is not valid JSON: ${(err as Error).message}`);
      this.reply({ id: null, result });
      return;
    }
    if (size > this.options.maxMessageBytes) {
      const id = typeof message === 'object' && message !== null ? idOf(message as Record<string, unknown>) : null;
      this.reply({ id, result: this.tooLarge(size) });
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.reply({ id: null, result: failure('invalid-request', 'a request must be an object { id, method, params }') });
      return;
    }
    const record = message as Record<string, unknown>;
    if (this.options.control?.(record)) return;
    const id = idOf(record);
    if (id === null) {
      this.reply({ id: null, result: failure('invalid-request', 'a request needs an "id" (string or number)') });
      return;
    }
    let result: ApiResult<unknown>;
    try {
      result = await this.options.dispatch(record.method, record.params);
    } catch (err) {
      this.options.logger.error('API request failed', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      result = failure('internal', 'the server failed to answer a request; see its log');
    }
    this.reply({ id, result });
  }

  /** Stops pushing events; answers still under way are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.subscription.dispose();
    this.batcher.close();
  }

  private tooLarge(size: number) {
    return failure('too-large', `request too large: ${size} bytes; the server accepts at most ${this.options.maxMessageBytes} bytes per request`);
  }

  private reply(reply: SessionReply): void {
    this.send(reply);
  }

  private send(message: object): void {
    if (!this.closed) this.options.send(message);
  }
}
