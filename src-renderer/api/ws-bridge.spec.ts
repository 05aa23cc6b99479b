import { describe, expect, it } from 'vitest';
import { failureText } from './failure-text';
import { createWsBridge, MAX_REQUEST_BYTES } from './ws-bridge';

/** A WebSocket that opens at once and records what is sent; `reply` answers as the server would. */
class RecordingSocket {
  static OPEN = 1;
  static last: RecordingSocket | undefined;
  readyState = 1;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor() {
    RecordingSocket.last = this;
    queueMicrotask(() => this.onopen?.());
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {}
  reply(body: unknown): void {
    this.onmessage?.({ data: JSON.stringify(body) });
  }
}

const bridge = () => createWsBridge('ws://127.0.0.1:1/api/ws', { WebSocketImpl: RecordingSocket as unknown as typeof WebSocket });

describe('the browser bridge and oversized requests', () => {
  it('refuses a request over the server\'s limit without sending it, as "request too large"', async () => {
    const api = bridge();
    const socket = RecordingSocket.last!;
    await Promise.resolve();
    const result = await api.putConfigText({ name: 'vm', text: 'x'.repeat(MAX_REQUEST_BYTES + 10) });
    expect(result).toMatchObject({ ok: false, code: 'too-large' });
    expect(!result.ok && result.message).toMatch(/^request too large: 2\.0 MiB; the server accepts at most 2\.0 MiB per request$/);
    expect(socket.sent).toEqual([]);
    // Counted in bytes: 800,000 three-byte characters are 2.4 MB, though only 800,000 characters.
    expect(await api.validateConfig({ text: '€'.repeat(800_000) })).toMatchObject({ ok: false, code: 'too-large' });
    api.close();
  });

  it('sends a request under the limit, and words a too-large answer the same way', async () => {
    const api = bridge();
    const socket = RecordingSocket.last!;
    const pending = api.validateConfig({ text: 'cpus: 2\n' });
    await new Promise((r) => setTimeout(r, 0));
    const sent = JSON.parse(socket.sent[0]!) as { id: number };
    socket.reply({ id: sent.id, result: { ok: false, code: 'too-large', message: '3000000 bytes' } });
    expect(await pending).toEqual({ ok: false, code: 'too-large', message: 'request too large: 3000000 bytes' });
    api.close();
  });

  it('leaves other failures as they are', () => {
    expect(failureText({ code: 'wrong-state', message: 'vm is running' })).toBe('vm is running');
    expect(failureText({ code: 'too-large', message: '' })).toBe('request too large');
    expect(failureText({ code: 'too-large', message: 'request too large: 9 MiB' })).toBe('request too large: 9 MiB');
  });
});
