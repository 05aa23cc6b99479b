import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter';

describe('LineSplitter', () => {
  it('buffers a partial line until its newline arrives', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('{"a":')).toEqual([]);
    expect(splitter.pending).toBe('{"a":');
    expect(splitter.push('1}\r\n{"b"')).toEqual(['{"a":1}']);
    expect(splitter.push(':2}\n')).toEqual(['{"b":2}']);
    expect(splitter.pending).toBe('');
  });

  it('returns every line of a chunk and drops blank ones', () => {
    expect(new LineSplitter().push('x\r\n\r\ny\n\nz\r\n')).toEqual(['x', 'y', 'z']);
  });

  it('keeps a UTF-8 character split between chunks intact', () => {
    const splitter = new LineSplitter();
    const bytes = Buffer.from('{"desc":"é"}\n');
    const cut = bytes.indexOf(0xc3) + 1;
    expect(splitter.push(bytes.subarray(0, cut))).toEqual([]);
    expect(splitter.push(bytes.subarray(cut))).toEqual(['{"desc":"é"}']);
  });
});
