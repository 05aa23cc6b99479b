/** QEMU answered a command with {"error": {"class", "desc"}}. */
export class QmpError extends Error {
  override readonly name = 'QmpError';
  constructor(
    readonly command: string,
    readonly errorClass: string,
    readonly desc: string,
  ) {
    super(`QMP command "${command}" failed: ${errorClass}: ${desc}`);
  }

  /** The QMP error class, e.g. GenericError or CommandNotFound. */
  get class(): string {
    return this.errorClass;
  }
}

/** The QMP connection is gone (QEMU exited, the socket was reset, or close() was called). */
export class QmpConnectionClosedError extends Error {
  override readonly name = 'QmpConnectionClosedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** No reply (or no greeting, or no connection) within the allowed time. */
export class QmpTimeoutError extends Error {
  override readonly name = 'QmpTimeoutError';
}

/** A line from QEMU that is not JSON, or JSON that is neither a reply nor an event. */
export class QmpProtocolError extends Error {
  override readonly name = 'QmpProtocolError';
  constructor(
    message: string,
    readonly line: string,
  ) {
    super(message);
  }
}
