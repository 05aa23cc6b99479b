/**
 * Byte sizes in the notation lima.yaml uses for `memory`, `disk` and 9p `msize`.
 *
 * Lima reads these with go-units' RAM parser: every unit letter is binary (`4G` and
 * `4GB` both mean 4 GiB), case does not matter, one space may separate number and unit,
 * and a fraction is truncated to whole bytes. It prints them with binary units and at
 * most four significant digits (`4GiB`, `1.5GiB`, `0B`), which `limactl list` shows.
 */

const UNIT_POWERS: Readonly<Record<string, number>> = { k: 1, m: 2, g: 3, t: 4, p: 5 };

// number, an optional single space, then nothing, `b`, or a unit letter with optional `b`/`ib`.
const SIZE_PATTERN = /^(\d+(?:\.\d*)?|\.\d+) ?(?:(b)|([kmgtp])(b|ib)?)?$/i;

/** Parse `4GiB`, `4G`, `512MiB`, `1.5GiB`, `1073741824` into bytes; throws on anything else. */
export function parseByteSize(s: string): number {
  const match = SIZE_PATTERN.exec(s);
  if (!match) {
    throw new Error(`invalid size "${s}": expected a number with an optional unit such as 512MiB, 4GiB or 100G`);
  }
  const value = Number(match[1]);
  const unitLetter = match[3]?.toLowerCase();
  const power = unitLetter === undefined ? 0 : (UNIT_POWERS[unitLetter] ?? 0);
  const bytes = Math.trunc(value * 1024 ** power);
  if (!Number.isSafeInteger(bytes)) {
    throw new Error(`invalid size "${s}": too large`);
  }
  return bytes;
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] as const;

/** Render bytes as limactl does: `4GiB`, `100GiB`, `1.5GiB`, `0B`. */
export function formatByteSize(bytes: number): string {
  if (!Number.isFinite(bytes)) {
    throw new Error(`cannot format size ${String(bytes)}`);
  }
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // Four significant digits with trailing zeros dropped, like Go's %.4g for these magnitudes.
  const digits = Number(value.toPrecision(4)).toString();
  return `${bytes < 0 ? '-' : ''}${digits}${BINARY_UNITS[unit] ?? 'B'}`;
}
