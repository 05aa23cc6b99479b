/** Terminal sizes outside this range are refused rather than passed to the guest's PTY. */
const MAX_DIMENSION = 1000;

export interface TerminalSize {
  cols: number;
  rows: number;
}

function validDimension(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_DIMENSION;
}

export function checkTerminalSize(size: TerminalSize): TerminalSize {
  if (!validDimension(size.cols) || !validDimension(size.rows)) {
    throw new RangeError(`terminal size must be whole numbers from 1 to ${MAX_DIMENSION}, got ${size.cols}x${size.rows}`);
  }
  return size;
}

/**
 * Reads a control frame of the terminal protocol: `{"resize":[cols,rows]}`. Anything else is
 * undefined, so a page cannot push arbitrary requests to the SSH session.
 */
export function parseResizeMessage(text: string): TerminalSize | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || !('resize' in value)) return undefined;
  const resize = (value as { resize: unknown }).resize;
  if (!Array.isArray(resize) || resize.length !== 2) return undefined;
  const [cols, rows] = resize as unknown[];
  return validDimension(cols) && validDimension(rows) ? { cols, rows } : undefined;
}
