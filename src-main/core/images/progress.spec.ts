import { describe, expect, it } from 'vitest';
import { formatBytes, formatProgressLine, ProgressMeter, type DownloadProgress } from './progress';

describe('ProgressMeter', () => {
  it('throttles to one report per interval, smooths the rate and gives an ETA', () => {
    let now = 0;
    const reports: DownloadProgress[] = [];
    const meter = new ProgressMeter('http://h/x', 'the image (x)', (p) => reports.push(p), { now: () => now });
    meter.begin(0, 10_000_000);
    // 1 MB per second in 10 ms steps: 100 calls a second, at most 10 reports.
    for (let i = 0; i < 300; i++) {
      now += 10;
      meter.add(10_000);
    }
    expect(reports.length).toBeGreaterThanOrEqual(29);
    expect(reports.length).toBeLessThanOrEqual(32);
    const last = reports.at(-1)!;
    expect(last.bytesPerSecond).toBe(1_000_000);
    expect(last.etaSeconds).toBe(7);
    meter.finish();
    expect(reports.at(-1)).toMatchObject({ done: true, receivedBytes: 3_000_000 });
    expect(reports.at(-1)!.etaSeconds).toBeUndefined();
  });

  it('delivers the final report even right after another, and only once', () => {
    const reports: DownloadProgress[] = [];
    const meter = new ProgressMeter('u', 'd', (p) => reports.push(p), { now: () => 5 });
    meter.begin(100, undefined);
    meter.finish(new Error('connection reset'));
    meter.finish();
    expect(reports.map((r) => [r.done, r.error, r.resumedFromBytes])).toEqual([
      [false, undefined, 100],
      [true, 'connection reset', 100],
    ]);
  });
});

describe('formatting', () => {
  it('prints sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(47_395_635)).toBe('45.2 MiB');
  });

  it('prints one progress line', () => {
    const line = formatProgressLine({
      url: 'https://x/img',
      description: 'the image (img)',
      receivedBytes: 47_395_635,
      totalBytes: 650_117_120,
      bytesPerSecond: 12_687_769,
      etaSeconds: 48,
      done: false,
    });
    expect(line).toBe('Downloading https://x/img 45.2 MiB / 620.0 MiB (12.1 MiB/s, ETA 48 s)');
  });
});
