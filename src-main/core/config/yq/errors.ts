/** A yq expression Limadesk cannot run; the message quotes the expression and says where and why. */
export class YqError extends Error {
  constructor(message: string, readonly expression: string, readonly column?: number) {
    super(`yq expression ${JSON.stringify(expression)}: ${message}${column !== undefined ? ` (at column ${column})` : ''}`);
    this.name = 'YqError';
  }
}
