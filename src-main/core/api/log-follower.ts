import { statSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

/**
 * Reads what was appended to a log file since the last read, as whole lines. It is driven
 * by the caller (on a file event), never by a timer. A file that shrank was truncated by a
 * new run and is read again from the top; a file that does not exist yet reads as empty.
 */
export class LogFollower {
  private offset = 0;
  private partial = '';
  // Keeps a UTF-8 sequence split between two reads whole.
  private decoder = new StringDecoder('utf8');
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  /**
   * Starts after what is already there: only new lines are reported. The size is taken at
   * once (not after an await), so a line appended right after watching began is not skipped.
   */
  skipToEnd(): void {
    this.offset = sizeOfNow(this.file);
    this.partial = '';
    this.decoder = new StringDecoder('utf8');
  }

  readNewLines(): Promise<string[]> {
    return this.serial(() => this.readNow());
  }

  // Reads overlap when file events come fast; one at a time keeps the offset right.
  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readNow(): Promise<string[]> {
    const size = await sizeOf(this.file);
    if (size < this.offset) {
      this.offset = 0;
      this.partial = '';
      this.decoder = new StringDecoder('utf8');
    }
    if (size === this.offset) return [];
    const handle = await open(this.file, 'r');
    let chunk: Buffer;
    try {
      const buf = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buf, 0, buf.length, this.offset);
      chunk = buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
    this.offset += chunk.length;
    const lines = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = lines.pop() ?? '';
    return lines.map((l) => l.replace(/\r$/, ''));
  }
}

function sizeOfNow(file: string): number {
  try {
    return statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}
