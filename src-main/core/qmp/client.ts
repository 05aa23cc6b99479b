import { createConnection, type Socket } from 'node:net';
import type { Logger } from '../../common/logger';
import { silentLogger } from '../../common/logger';
import { QmpConnectionClosedError, QmpError, QmpProtocolError, QmpTimeoutError } from './errors';
import { LineSplitter } from './line-splitter';
import type { QmpCommandName, QmpCommands, QmpEvent, QmpEventName, QmpGreeting } from './types';

export interface QmpConnectOptions {
  /** How long the unix-socket connect may take (default 5000 ms). */
  dialTimeoutMs?: number;
  /** How long to wait for QEMU's greeting line (default 5000 ms). */
  greetingTimeoutMs?: number;
  logger?: Logger;
}

export interface QmpExecuteOptions {
  /** Reject with QmpTimeoutError when no reply arrives in time (default 30000 ms; 0 waits forever). */
  timeoutMs?: number;
}

type ExecuteRest<K extends QmpCommandName> = undefined extends QmpCommands[K]['args']
  ? [args?: QmpCommands[K]['args'], options?: QmpExecuteOptions]
  : [args: QmpCommands[K]['args'], options?: QmpExecuteOptions];

export type QmpEventHandler = (event: QmpEvent) => void;
/** Called once when the connection ends; `error` is the socket error that ended it, if any. */
export type QmpCloseHandler = (error: Error | undefined) => void;
export type QmpProtocolErrorHandler = (error: QmpProtocolError) => void;

interface PendingCall {
  command: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

const DEFAULT_EXECUTE_TIMEOUT_MS = 30_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A QMP client over a unix socket. QEMU allows one client per QMP socket; replies are
 * matched to commands by id, and events that arrive in between go to subscribers.
 *
 * A line that is not valid JSON, or JSON that is neither a reply nor an event, is reported
 * to the logger and to onProtocolError handlers, and otherwise ignored: the connection stays
 * usable, and a call whose reply was the garbled line ends by its own timeout.
 */
export class QmpClient {
  readonly greeting: QmpGreeting;
  private readonly pending = new Map<number, PendingCall>();
  private readonly eventHandlers = new Map<string, Set<QmpEventHandler>>();
  private readonly closeHandlers = new Set<QmpCloseHandler>();
  private readonly protocolErrorHandlers = new Set<QmpProtocolErrorHandler>();
  private nextId = 1;
  private closed = false;
  private closeError: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly socketPath: string,
    greeting: QmpGreeting,
    private readonly logger: Logger,
  ) {
    this.greeting = greeting;
  }

  /** Connects, waits for the greeting, negotiates capabilities, and returns a ready client. */
  static async connect(socketPath: string, options: QmpConnectOptions = {}): Promise<QmpClient> {
    const { dialTimeoutMs = 5000, greetingTimeoutMs = 5000, logger = silentLogger } = options;
    const socket = await dial(socketPath, dialTimeoutMs);
    const splitter = new LineSplitter();
    let greeting: QmpGreeting;
    let leftover: string[];
    try {
      ({ greeting, leftover } = await awaitGreeting(socket, socketPath, splitter, greetingTimeoutMs));
    } catch (error) {
      socket.destroy();
      throw error;
    }
    const client = new QmpClient(socket, socketPath, greeting, logger);
    client.attach(splitter, leftover);
    const { major, minor, micro } = greeting.version.qemu;
    logger.debug('QMP connected', { socket: socketPath, qemu: `${major}.${minor}.${micro}` });
    try {
      await client.execute('qmp_capabilities', undefined, { timeoutMs: greetingTimeoutMs });
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends a command and resolves with its `return` value, or rejects with QmpError. */
  execute<K extends QmpCommandName>(command: K, ...[args, options]: ExecuteRest<K>): Promise<QmpCommands[K]['result']> {
    return this.executeRaw(command, args, options) as Promise<QmpCommands[K]['result']>;
  }

  /** Sends a command that has no typed entry in QmpCommands. */
  executeRaw(command: string, args?: object, options: QmpExecuteOptions = {}): Promise<unknown> {
    if (this.closed) {
      return Promise.reject(
        new QmpConnectionClosedError(`QMP connection to ${this.socketPath} is closed; cannot send "${command}"`, { cause: this.closeError }),
      );
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_EXECUTE_TIMEOUT_MS;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              this.pending.delete(id);
              reject(new QmpTimeoutError(`QMP command "${command}" got no reply within ${timeoutMs} ms on ${this.socketPath}`));
            }, timeoutMs)
          : undefined;
      this.pending.set(id, { command, resolve, reject, timer });
      const message = args === undefined ? { execute: command, id } : { execute: command, arguments: args, id };
      this.socket.write(`${JSON.stringify(message)}\n`);
    });
  }

  /** Subscribes to one event name, or to all events with '*'. Returns the unsubscribe function. */
  on(eventName: QmpEventName | '*' | (string & {}), handler: QmpEventHandler): () => void {
    let handlers = this.eventHandlers.get(eventName);
    if (handlers === undefined) {
      handlers = new Set();
      this.eventHandlers.set(eventName, handlers);
    }
    handlers.add(handler);
    return () => {
      this.eventHandlers.get(eventName)?.delete(handler);
    };
  }

  /** Runs `handler` when the connection ends (at once if it already has). */
  onClose(handler: QmpCloseHandler): () => void {
    if (this.closed) {
      queueMicrotask(() => handler(this.closeError));
      return () => {};
    }
    this.closeHandlers.add(handler);
    return () => {
      this.closeHandlers.delete(handler);
    };
  }

  onProtocolError(handler: QmpProtocolErrorHandler): () => void {
    this.protocolErrorHandlers.add(handler);
    return () => {
      this.protocolErrorHandlers.delete(handler);
    };
  }

  /** Closes the socket; pending calls reject with QmpConnectionClosedError. */
  close(): void {
    if (this.closed) return;
    this.socket.destroy();
    this.handleClosed(undefined);
  }

  private attach(splitter: LineSplitter, leftover: string[]): void {
    this.socket.on('data', (chunk: Buffer) => {
      for (const line of splitter.push(chunk)) this.handleLine(line);
    });
    // QEMU resets the connection when it exits after `quit`: that is an ordinary close.
    this.socket.on('error', (error) => {
      this.closeError = error;
    });
    this.socket.on('close', () => this.handleClosed(this.closeError));
    for (const line of leftover) this.handleLine(line);
  }

  private handleLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.reportProtocolError(new QmpProtocolError(`QMP sent a line that is not JSON on ${this.socketPath}: ${line.slice(0, 200)}`, line));
      return;
    }
    if (!isRecord(message)) {
      this.reportProtocolError(new QmpProtocolError(`QMP sent JSON that is not an object on ${this.socketPath}: ${line.slice(0, 200)}`, line));
      return;
    }
    if (typeof message.event === 'string') {
      this.dispatchEvent(message as unknown as QmpEvent);
      return;
    }
    const id = message.id;
    const call = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (call === undefined || typeof id !== 'number') {
      this.reportProtocolError(new QmpProtocolError(`QMP sent a reply that matches no pending command on ${this.socketPath}: ${line.slice(0, 200)}`, line));
      return;
    }
    this.pending.delete(id);
    if (call.timer !== undefined) clearTimeout(call.timer);
    if ('return' in message) {
      call.resolve(message.return);
    } else if (isRecord(message.error)) {
      const { class: errorClass, desc } = message.error;
      call.reject(new QmpError(call.command, String(errorClass ?? 'GenericError'), String(desc ?? '')));
    } else {
      call.reject(new QmpProtocolError(`QMP reply to "${call.command}" has neither "return" nor "error": ${line.slice(0, 200)}`, line));
    }
  }

  private dispatchEvent(event: QmpEvent): void {
    for (const key of [event.event, '*']) {
      for (const handler of [...(this.eventHandlers.get(key) ?? [])]) {
        try {
          handler(event);
        } catch (error) {
          this.logger.error('QMP event handler threw', { event: event.event, error: (error as Error).message });
        }
      }
    }
  }

  private reportProtocolError(error: QmpProtocolError): void {
    this.logger.warn(error.message, { socket: this.socketPath });
    for (const handler of [...this.protocolErrorHandlers]) handler(error);
  }

  private handleClosed(error: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.closeError = error;
    const reason = error === undefined ? 'closed' : `closed (${error.message})`;
    for (const [id, call] of this.pending) {
      this.pending.delete(id);
      if (call.timer !== undefined) clearTimeout(call.timer);
      call.reject(
        new QmpConnectionClosedError(`QMP connection to ${this.socketPath} ${reason} before the reply to "${call.command}"`, { cause: error }),
      );
    }
    this.logger.debug('QMP connection closed', { socket: this.socketPath, error: error?.message });
    for (const handler of [...this.closeHandlers]) handler(error);
    this.closeHandlers.clear();
  }
}

function dial(socketPath: string, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ path: socketPath });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new QmpTimeoutError(`could not connect to QMP socket ${socketPath} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new QmpConnectionClosedError(`could not connect to QMP socket ${socketPath}: ${error.message}`, { cause: error }));
    });
  });
}

function parseGreeting(line: string, socketPath: string): QmpGreeting {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    throw new QmpProtocolError(`the first line from ${socketPath} is not a QMP greeting (not JSON): ${line.slice(0, 200)}`, line);
  }
  const qmp = isRecord(message) ? message.QMP : undefined;
  const version = isRecord(qmp) ? qmp.version : undefined;
  const qemu = isRecord(version) ? version.qemu : undefined;
  if (!isRecord(qmp) || !isRecord(version) || !isRecord(qemu) || typeof qemu.major !== 'number') {
    throw new QmpProtocolError(`the first line from ${socketPath} is not a QMP greeting: ${line.slice(0, 200)}`, line);
  }
  return {
    version: {
      qemu: { major: qemu.major, minor: Number(qemu.minor ?? 0), micro: Number(qemu.micro ?? 0) },
      package: typeof version.package === 'string' ? version.package : '',
    },
    capabilities: Array.isArray(qmp.capabilities) ? qmp.capabilities.map(String) : [],
  };
}

/** Resolves with the greeting and any further complete lines that came in the same chunk. */
function awaitGreeting(
  socket: Socket,
  socketPath: string,
  splitter: LineSplitter,
  timeoutMs: number,
): Promise<{ greeting: QmpGreeting; leftover: string[] }> {
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onError);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new QmpTimeoutError(`QMP greeting not received within ${timeoutMs} ms; is another client connected to ${socketPath}?`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      const lines = splitter.push(chunk);
      const first = lines.shift();
      if (first === undefined) return;
      finish();
      try {
        resolve({ greeting: parseGreeting(first, socketPath), leftover: lines });
      } catch (error) {
        reject(error as Error);
      }
    };
    let socketError: Error | undefined;
    const onError = (error: Error): void => {
      socketError = error;
    };
    const onClose = (): void => {
      finish();
      reject(new QmpConnectionClosedError(`QMP socket ${socketPath} closed before the greeting`, { cause: socketError }));
    };
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.on('error', onError);
  });
}
