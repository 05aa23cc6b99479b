import { StringDecoder } from 'node:string_decoder';

/**
 * Turns socket chunks into complete lines. QMP ends lines with \r\n; a chunk may end in the
 * middle of a line or even of a multi-byte UTF-8 character, so both are kept for later.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  /** Returns the lines completed by this chunk, without their line endings; blank lines are dropped. */
  push(chunk: Buffer | string): string[] {
    this.partial += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const pieces = this.partial.split('\n');
    this.partial = pieces.pop() ?? '';
    return pieces.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)).filter((line) => line.trim() !== '');
  }

  /** Text received after the last newline (kept when the peer closes mid-line, for error messages). */
  get pending(): string {
    return this.partial;
  }
}
