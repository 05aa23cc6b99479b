import { parseByteSize } from '../config/units';
import { DiskRequestError } from './errors';

/**
 * A disk size as `limactl disk create --size` reads it (go-units' RAM notation: `10GiB`,
 * `10G`, `512M`, `1.5GiB`); the error names the flag or field, the value and what is expected.
 */
export function parseDiskSize(value: string | number, what = 'disk size'): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value <= 0) throw new DiskRequestError(`invalid ${what} ${value}: expected a whole number of bytes above 0`);
    return value;
  }
  const text = value.trim();
  let bytes: number;
  try {
    bytes = parseByteSize(text);
  } catch {
    throw new DiskRequestError(`invalid ${what} ${JSON.stringify(value)}: expected a number with a unit, such as 10GiB, 512MiB or 100G`);
  }
  if (bytes <= 0) throw new DiskRequestError(`invalid ${what} ${JSON.stringify(value)}: a disk must be larger than 0 bytes`);
  return bytes;
}
