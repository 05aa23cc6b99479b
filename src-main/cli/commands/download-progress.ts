import { formatProgressLine, type DownloadProgress } from '../../core/api/local-host';

export interface ProgressPrinterOptions {
  write: (text: string) => void;
  /** On a terminal one line is redrawn in place; elsewhere (a log file, CI) a line is added now and then. */
  tty: boolean;
  /** Time between two lines when not on a terminal (default 5 s). */
  intervalMs?: number;
  now?: () => number;
}

/** Prints download progress for `limadesk start` without flooding a log with hundreds of lines. */
export function createProgressPrinter(o: ProgressPrinterOptions): (p: DownloadProgress) => void {
  const now = o.now ?? Date.now;
  const interval = o.intervalMs ?? 5000;
  let lastLineAt = Number.NEGATIVE_INFINITY;
  let lastUrl = '';
  return (p) => {
    const line = p.error ? `${formatProgressLine(p)}: ${p.error}` : formatProgressLine(p);
    if (o.tty) {
      // \r and "erase line" redraw in place; the last report ends the line.
      o.write(`\r\x1b[2K${line}${p.done ? '\n' : ''}`);
      return;
    }
    // Each file gets its first line at once, whatever the previous file printed.
    if (p.done || p.url !== lastUrl || now() - lastLineAt >= interval) {
      lastLineAt = now();
      lastUrl = p.url;
      o.write(`${line}\n`);
    }
  };
}
