import { StringDecoder } from 'node:string_decoder';

/**
 * The framing of `limadesk serve --stdio`: one JSON document per line, UTF-8. JSON.stringify
 * never writes a raw newline, so a newline always ends a message.
 */
export function encodeLine(message: unknown): string {
  return `${JSON.stringify(message)}\n`;
}

export type LineEvent = { kind: 'line'; text: string; bytes: number } | { kind: 'overflow'; bytes: number };

/**
 * Splits a byte stream into lines. A line longer than `maxLineBytes` is not kept in memory:
 * its bytes are counted and dropped, and it comes out as one 'overflow' once it ends (the
 * caller answers it as too large, or gives up on the stream).
 */
export class LineDecoder {
  private readonly decoder = new StringDecoder('utf8');
  private parts: string[] = [];
  private bytes = 0;
  private overflowing = false;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): LineEvent[] {
    const out: LineEvent[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      this.take(chunk.subarray(start, end));
      if (nl === -1) break;
      out.push(this.finishLine());
      start = nl + 1;
    }
    return out;
  }

  /** What is left when the stream ends without a final newline. */
  end(): LineEvent[] {
    if (this.bytes === 0 && !this.overflowing) return [];
    return [this.finishLine()];
  }

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    this.bytes += piece.length;
    if (this.overflowing) return;
    if (this.bytes > this.maxLineBytes) {
      this.overflowing = true;
      this.parts = [];
      // A multi-byte character cut at the boundary must not leak into the next line.
      this.decoder.end();
      return;
    }
    this.parts.push(this.decoder.write(piece));
  }

  private finishLine(): LineEvent {
    const bytes = this.bytes;
    const event: LineEvent = this.overflowing ? { kind: 'overflow', bytes } : { kind: 'line', text: this.parts.join('') + this.decoder.end(), bytes };
    this.parts = [];
    this.bytes = 0;
    this.overflowing = false;
    return event;
  }
}
