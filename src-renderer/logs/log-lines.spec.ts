import { describe, expect, it } from 'vitest';
import { appendLines, bufferFromText, overlap } from './log-lines';

describe('log lines', () => {
  it('splits a tail into lines, keeping a last line without newline as partial', () => {
    expect(bufferFromText('a\r\nb\n')).toEqual({ lines: ['a', 'b'], partial: false, dropped: 0 });
    expect(bufferFromText('a\nb')).toEqual({ lines: ['a', 'b'], partial: true, dropped: 0 });
    expect(bufferFromText('')).toEqual({ lines: [], partial: false, dropped: 0 });
  });

  it('replaces the partial line with the whole line once it is pushed', () => {
    const buffer = bufferFromText('Booting\nLIMADESK-GU');
    expect(appendLines(buffer, ['LIMADESK-GUEST-BOOTED', 'next']).lines).toEqual(['Booting', 'LIMADESK-GUEST-BOOTED', 'next']);
  });

  it('drops what a racing read already returned, and only then', () => {
    const read = bufferFromText('1\n2\n3\n');
    expect(appendLines(read, ['2', '3', '4'], true).lines).toEqual(['1', '2', '3', '4']);
    expect(appendLines(read, ['3'], true).lines).toEqual(['1', '2', '3']);
    // Outside the race a repeated line is a real line of the log.
    expect(appendLines(read, ['3'], false).lines).toEqual(['1', '2', '3', '3']);
    expect(overlap(['a', 'b'], ['c'])).toBe(0);
  });

  it('drops terminal escapes and control characters, keeping tabs', () => {
    expect(bufferFromText('limadesk-guest# \x1b[6n\r\n\x1b[1;32mok\x1b[0m\tdone\x07\n').lines).toEqual(['limadesk-guest# ', 'ok\tdone']);
    expect(appendLines(bufferFromText(''), ['\x1b[31mred\x1b[m']).lines).toEqual(['red']);
  });

  it('caps the number of lines, counting what it dropped', () => {
    let buffer = bufferFromText('');
    for (let i = 0; i < 5; i++) buffer = appendLines(buffer, [`l${i}`, `m${i}`], false, 6);
    expect(buffer.lines).toEqual(['l2', 'm2', 'l3', 'm3', 'l4', 'm4']);
    expect(buffer.dropped).toBe(4);
  });

  it('splits a 10 MB log quickly', () => {
    const text = 'x'.repeat(99).concat('\n').repeat(100_000);
    const started = performance.now();
    const buffer = bufferFromText(text);
    expect(buffer.lines).toHaveLength(100_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
