import { createHash } from 'node:crypto';
import { connect, createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LargeReads, READ_SIZE } from './large-reads';

/** What Node does with `onread`: ask for the buffer, read into it, report the count. */
function read(reads: LargeReads, bytes: Buffer): void {
  const buffer = (reads.onread.buffer as () => Buffer)();
  bytes.copy(buffer);
  expect(reads.onread.callback(bytes.length, buffer)).toBe(true);
}

describe('LargeReads', () => {
  it('holds chunks until a sink is there, then passes them on in order', () => {
    const reads = new LargeReads();
    read(reads, Buffer.from('RFB 003.008\n'));
    read(reads, Buffer.from('more'));
    const got: string[] = [];
    reads.pipeTo((chunk) => got.push(chunk.toString()));
    read(reads, Buffer.from('after'));
    expect(got).toEqual(['RFB 003.008\n', 'more', 'after']);
  });

  it('copies a small read out of its buffer and hands a big one over with a fresh buffer in its place', () => {
    const reads = new LargeReads();
    const chunks: Buffer[] = [];
    reads.pipeTo((chunk) => chunks.push(chunk));
    const first = (reads.onread.buffer as () => Buffer)();
    read(reads, Buffer.alloc(100, 1));
    // The small chunk is its own copy: the next read into the same buffer leaves it intact.
    expect((reads.onread.buffer as () => Buffer)()).toBe(first);
    read(reads, Buffer.alloc(READ_SIZE, 2));
    expect(chunks[0]).toEqual(Buffer.alloc(100, 1));
    expect(chunks[1]?.buffer).toBe(first.buffer);
    // The handed-over buffer belongs to the sink now; reading on uses another.
    const next = (reads.onread.buffer as () => Buffer)();
    expect(next.buffer).not.toBe(first.buffer);
    read(reads, Buffer.alloc(READ_SIZE, 3));
    expect(chunks[1]).toEqual(Buffer.alloc(READ_SIZE, 2));
    expect(chunks[2]).toEqual(Buffer.alloc(READ_SIZE, 3));
  });

  it('carries a real socket\'s stream unchanged, with reads bigger than 64 KiB', async () => {
    const total = 16 * 1024 * 1024;
    const data = Buffer.allocUnsafe(total);
    for (let i = 0; i < total; i += 4) data.writeUInt32LE(i, i);
    const server = createServer((s) => s.end(data));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const reads = new LargeReads();
      const got = createHash('sha256');
      let biggest = 0;
      reads.pipeTo((chunk) => {
        got.update(chunk);
        biggest = Math.max(biggest, chunk.length);
      });
      const socket = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, onread: reads.onread });
      await new Promise((r) => socket.once('close', r));
      expect(got.digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
      expect(biggest).toBeGreaterThan(64 * 1024);
    } finally {
      server.close();
    }
  });
});
