import { describe, expect, it } from 'vitest';
import { encodeLine, LineDecoder } from './json-lines';

describe('the stdio framing: one JSON message per line', () => {
  it('encodes a message as one line even when its strings hold newlines', () => {
    const line = encodeLine({ text: 'a\nb\r\nc', n: 1 });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ text: 'a\nb\r\nc', n: 1 });
  });

  it('splits a byte stream into lines wherever the chunks happen to end', () => {
    const stream = Buffer.from(encodeLine({ a: 1 }) + encodeLine({ b: 'zwei' }) + encodeLine({ c: [3] }));
    for (const cut of [1, 2, 5, 7, 13]) {
      const decoder = new LineDecoder(1024);
      const texts: string[] = [];
      for (let i = 0; i < stream.length; i += cut) {
        for (const e of decoder.push(stream.subarray(i, i + cut))) if (e.kind === 'line') texts.push(e.text);
      }
      expect(texts.map((t) => JSON.parse(t))).toEqual([{ a: 1 }, { b: 'zwei' }, { c: [3] }]);
    }
  });

  it('keeps a multi-byte character that a chunk boundary cuts in two', () => {
    const bytes = Buffer.from(encodeLine({ name: 'Grüße, 東京 🚀' }));
    const decoder = new LineDecoder(1024);
    const events = [...bytes].flatMap((b) => decoder.push(Buffer.from([b])));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'line', bytes: bytes.length - 1 });
    expect(JSON.parse((events[0] as { text: string }).text)).toEqual({ name: 'Grüße, 東京 🚀' });
  });

  it('drops a line over the limit without keeping it, reports its size, and reads on', () => {
    const decoder = new LineDecoder(10);
    const events = [...decoder.push(Buffer.from('x'.repeat(25))), ...decoder.push(Buffer.from('yyyy\n{"ok":1}\n'))];
    expect(events).toEqual([
      { kind: 'overflow', bytes: 29 },
      { kind: 'line', text: '{"ok":1}', bytes: 8 },
    ]);
  });

  it('hands over a last line without a newline when the stream ends', () => {
    const decoder = new LineDecoder(100);
    expect(decoder.push(Buffer.from('{"a":1}\n{"b"'))).toHaveLength(1);
    expect(decoder.push(Buffer.from(':2}'))).toEqual([]);
    expect(decoder.end()).toEqual([{ kind: 'line', text: '{"b":2}', bytes: 7 }]);
    expect(decoder.end()).toEqual([]);
  });
});
