import type { OnReadOpts } from 'node:net';

/** Bytes one read from the VNC server may bring. */
export const READ_SIZE = 256 * 1024;
/** A read at least this big hands its buffer on rather than being copied out of it. */
const HAND_OVER_AT = 64 * 1024;

/**
 * Reads a TCP socket into buffers of READ_SIZE, where 'data' events bring at most 64 KiB:
 * a screen update is often bigger, and every read costs a system call, an event and a
 * WebSocket frame. A read that filled much of its buffer is handed on whole and a fresh
 * buffer takes its place, so the bytes are never copied in this process; a small read is
 * copied out, so a few bytes never pin a quarter MiB and the big buffer is used again.
 *
 * Pass `onread` to net.connect; chunks go to the sink given to `pipeTo`, and are held
 * until then. pause() and resume() on the socket work as with 'data' events.
 */
export class LargeReads {
  private buffer = Buffer.allocUnsafe(READ_SIZE);
  private sink: ((chunk: Buffer) => void) | undefined;
  private held: Buffer[] = [];

  readonly onread: OnReadOpts = {
    // Asked before every read: after a hand-over it is the fresh buffer.
    buffer: () => this.buffer,
    callback: (bytes: number, buffer: Uint8Array): boolean => {
      const filled = buffer as Buffer;
      let chunk: Buffer;
      if (bytes >= HAND_OVER_AT) {
        chunk = filled.subarray(0, bytes);
        this.buffer = Buffer.allocUnsafe(READ_SIZE);
      } else {
        chunk = Buffer.from(filled.subarray(0, bytes));
      }
      if (this.sink) this.sink(chunk);
      else this.held.push(chunk);
      return true;
    },
  };

  /** Sends every chunk read so far, then each as it is read, to `sink`. */
  pipeTo(sink: (chunk: Buffer) => void): void {
    this.sink = sink;
    for (const chunk of this.held.splice(0)) sink(chunk);
  }
}
