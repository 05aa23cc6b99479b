/**
 * The lines a log view shows: a tail read once, then the lines the main side pushes. The
 * two overlap when a push races the read, and the read may end in a line still being
 * written; merging removes both effects.
 */
export interface LogBuffer {
  lines: string[];
  /** The last line had no newline yet: a pushed line that starts with it replaces it. */
  partial: boolean;
  /** Lines dropped from the top to stay under the cap. */
  dropped: number;
}

/** A view over ~10 MB stays fast when older lines go: the full file is always on disk. */
export const MAX_LINES = 100_000;

// CSI sequences (colours, cursor queries such as a shell's ESC[6n), two-byte escapes, and
// control characters other than tab: a serial console is a terminal, the view is plain text.
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROLS = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78cDEHMNOZ]|[\x00-\x08\x0b-\x1f\x7f]/g;

/** A log line as text to read, search and copy. */
export function plainLine(line: string): string {
  return line.replace(/\r$/, '').replace(TERMINAL_CONTROLS, '');
}

export function bufferFromText(text: string, alreadyDropped = 0): LogBuffer {
  if (text === '') return { lines: [], partial: false, dropped: alreadyDropped };
  const lines = text.split('\n').map(plainLine);
  const partial = !text.endsWith('\n');
  if (!partial) lines.pop();
  return cap({ lines, partial, dropped: alreadyDropped });
}

function cap(buffer: LogBuffer, max = MAX_LINES): LogBuffer {
  if (buffer.lines.length <= max) return buffer;
  const extra = buffer.lines.length - max;
  return { ...buffer, lines: buffer.lines.slice(extra), dropped: buffer.dropped + extra };
}

/** How many of `incoming`'s first lines repeat the end of `lines` (what a racing read already has). */
export function overlap(lines: readonly string[], incoming: readonly string[]): number {
  const longest = Math.min(lines.length, incoming.length);
  for (let k = longest; k > 0; k--) {
    let same = true;
    for (let i = 0; i < k; i++) {
      if (lines[lines.length - k + i] !== incoming[i]) {
        same = false;
        break;
      }
    }
    if (same) return k;
  }
  return 0;
}

/**
 * Appends pushed lines. `racing` is true for pushes that arrived while the tail was being
 * read: only those can repeat what the read returned.
 */
export function appendLines(buffer: LogBuffer, incoming: readonly string[], racing = false, max = MAX_LINES): LogBuffer {
  if (incoming.length === 0) return buffer;
  let lines = buffer.lines;
  let rest = incoming.map(plainLine);
  const last = lines[lines.length - 1];
  if (buffer.partial && last !== undefined && rest[0]?.startsWith(last)) {
    lines = lines.slice(0, -1);
  }
  if (racing) rest = rest.slice(overlap(lines, rest));
  return cap({ lines: lines.concat(rest), partial: false, dropped: buffer.dropped }, max);
}
