/** One progress report of a download, as the CLI prints it and the UI shows it. */
export interface DownloadProgress {
  url: string;
  /** What is being fetched, e.g. "the image (debian-12.qcow2)". */
  description: string;
  receivedBytes: number;
  totalBytes?: number;
  /** Smoothed transfer rate; absent until there is enough time to measure. */
  bytesPerSecond?: number;
  etaSeconds?: number;
  /** Bytes a resumed download did not have to fetch again. */
  resumedFromBytes?: number;
  done: boolean;
  error?: string;
}

export type ProgressListener = (progress: DownloadProgress) => void;

export interface ProgressMeterOptions {
  /** Minimum time between two reports; 100 ms keeps it at no more than ~10 a second. */
  intervalMs?: number;
  now?: () => number;
}

// Weight of the newest sample in the moving average: high enough to follow a real change of
// speed within a second or two, low enough that one slow chunk does not make the ETA jump.
const SMOOTHING = 0.3;

/**
 * Turns a stream of "got N more bytes" into throttled progress reports with a smoothed rate
 * and an ETA. The final report (done, or an error) is always delivered, however soon.
 */
export class ProgressMeter {
  private received = 0;
  private resumedFrom = 0;
  private total: number | undefined;
  private rate: number | undefined;
  private lastSampleAt: number;
  private lastSampleBytes = 0;
  private lastReportAt = Number.NEGATIVE_INFINITY;
  private finished = false;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly url: string,
    private readonly description: string,
    private readonly listener: ProgressListener,
    options: ProgressMeterOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 100;
    this.now = options.now ?? Date.now;
    this.lastSampleAt = this.now();
  }

  /** A (re)started transfer: `offset` bytes are already on disk, `total` is the whole file's size if known. */
  begin(offset: number, total: number | undefined): void {
    this.received = offset;
    this.resumedFrom = offset;
    this.total = total;
    this.lastSampleAt = this.now();
    this.lastSampleBytes = offset;
    this.report(false);
  }

  add(bytes: number): void {
    this.received += bytes;
    const now = this.now();
    const elapsed = now - this.lastSampleAt;
    if (elapsed >= this.intervalMs) {
      const instant = ((this.received - this.lastSampleBytes) * 1000) / elapsed;
      this.rate = this.rate === undefined ? instant : SMOOTHING * instant + (1 - SMOOTHING) * this.rate;
      this.lastSampleAt = now;
      this.lastSampleBytes = this.received;
    }
    if (now - this.lastReportAt >= this.intervalMs) this.report(false);
  }

  finish(error?: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.report(true, error?.message);
  }

  private report(done: boolean, error?: string): void {
    this.lastReportAt = this.now();
    const p: DownloadProgress = { url: this.url, description: this.description, receivedBytes: this.received, done };
    if (this.total !== undefined) p.totalBytes = this.total;
    if (this.rate !== undefined && this.rate > 0) {
      p.bytesPerSecond = Math.round(this.rate);
      if (this.total !== undefined && !done) p.etaSeconds = Math.max(0, Math.round((this.total - this.received) / this.rate));
    }
    if (this.resumedFrom > 0) p.resumedFromBytes = this.resumedFrom;
    if (error !== undefined) p.error = error;
    this.listener(p);
  }
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 → "1.5 KiB"; bytes below 1 KiB stay whole. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${seconds % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "Downloading <url> 45.2 MiB / 620.0 MiB (12.1 MiB/s, ETA 48 s)". */
export function formatProgressLine(p: DownloadProgress): string {
  const amount = p.totalBytes !== undefined ? `${formatBytes(p.receivedBytes)} / ${formatBytes(p.totalBytes)}` : formatBytes(p.receivedBytes);
  const details: string[] = [];
  if (p.bytesPerSecond !== undefined) details.push(`${formatBytes(p.bytesPerSecond)}/s`);
  if (p.etaSeconds !== undefined) details.push(`ETA ${formatDuration(p.etaSeconds)}`);
  if (p.done && !p.error) details.push('done');
  if (p.error) details.push('failed');
  return `Downloading ${p.url} ${amount}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}
