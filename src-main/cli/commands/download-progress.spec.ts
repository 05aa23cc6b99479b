import { describe, expect, it } from 'vitest';
import type { DownloadProgress } from '../../core/images/progress';
import { createProgressPrinter } from './download-progress';

const at = (receivedBytes: number, done = false): DownloadProgress => ({
  url: 'http://h/d.img',
  description: 'the image (d.img)',
  receivedBytes,
  totalBytes: 2048,
  done,
});

describe('createProgressPrinter', () => {
  it('redraws one line on a terminal and ends it when done', () => {
    let out = '';
    const print = createProgressPrinter({ write: (t) => (out += t), tty: true });
    print(at(0));
    print(at(1024));
    print(at(2048, true));
    expect(out).toBe(
      '\r\x1b[2KDownloading http://h/d.img 0 B / 2.0 KiB' +
        '\r\x1b[2KDownloading http://h/d.img 1.0 KiB / 2.0 KiB' +
        '\r\x1b[2KDownloading http://h/d.img 2.0 KiB / 2.0 KiB (done)\n',
    );
  });

  it('prints a line every interval elsewhere, and always the last one with its error', () => {
    let now = 0;
    const lines: string[] = [];
    const print = createProgressPrinter({ write: (t) => lines.push(t), tty: false, intervalMs: 5000, now: () => now });
    for (let i = 0; i <= 100; i++) {
      now = i * 100;
      print(at(i));
    }
    print({ ...at(100, true), error: 'connection reset' });
    print({ ...at(0), url: 'http://h/initrd' });
    expect(lines).toEqual([
      'Downloading http://h/d.img 0 B / 2.0 KiB\n',
      'Downloading http://h/d.img 50 B / 2.0 KiB\n',
      'Downloading http://h/d.img 100 B / 2.0 KiB\n',
      'Downloading http://h/d.img 100 B / 2.0 KiB (failed): connection reset\n',
      'Downloading http://h/initrd 0 B / 2.0 KiB\n',
    ]);
  });
});
