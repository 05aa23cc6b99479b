import type { Instance } from './instance';

/**
 * `limactl list` output: the table (with its narrow-terminal column hiding) and the JSON
 * object per instance. Strings match limactl's byte for byte so scripts written against
 * it keep working.
 */

export interface TableOptions {
  /** Terminal width in columns; 0 when stdout is not a terminal. */
  terminalWidth: number;
  allFields: boolean;
  /** Replaced by `~` at the start of DIR. */
  homeDir: string;
  /** The host architecture in Lima's spelling (`x86_64`, `aarch64`). */
  hostArch: string;
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** Go's `units.BytesSize`: binary units, 4 significant digits, no trailing zeros (`4GiB`, `1.5GiB`, `0B`). */
export function bytesSize(bytes: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < BINARY_UNITS.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${Number(size.toPrecision(4))}${BINARY_UNITS[unit]}`;
}

/**
 * Go's text/tabwriter with limactl's settings (min width 4, tab width 8, padding 4, spaces),
 * for rows that all have the same number of cells: every column but the last is padded to
 * its widest cell plus 4; the last cell is written as is.
 */
export function tabwrite(rows: string[][], minWidth = 4, padding = 4): string {
  const width = (s: string): number => [...s].length;
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < columns - 1; c++) {
    widths.push(Math.max(minWidth, ...rows.map((r) => width(r[c] ?? '') + padding)));
  }
  return rows
    .map((r) => r.map((cell, c) => (c < r.length - 1 ? cell + ' '.repeat((widths[c] ?? 0) - width(cell)) : cell)).join('') + '\n')
    .join('');
}

/** Which optional columns fit, by Lima's rule of 8-character column units. */
export function hiddenColumns(instances: Instance[], options: TableOptions): { type: boolean; arch: boolean; dir: boolean } {
  const columnWidth = 8;
  const width = options.terminalWidth;
  const all = options.allFields;
  const types = new Set(instances.map((i) => i.vmType));
  const arches = new Set(instances.map((i) => i.arch));
  // Lima's condition reads `width == 0 || (doesNotFit && !all)`: when the width is unknown,
  // identical VMTYPE/ARCH values are hidden even with --all-fields. Kept for identical output.
  let columns = 1 + 2 + 2; // NAME, STATUS, SSH
  const type = (width === 0 || ((columns + 7) * columnWidth > width && !all)) && types.size === 1;
  if (!type) columns++;
  const arch =
    (width === 0 || ((columns + 6) * columnWidth > width && !all)) && arches.size === 1 && instances[0]?.arch === options.hostArch;
  if (!arch) columns++;
  columns += 3; // CPUS, MEMORY, DISK
  const dir = width !== 0 && (columns + 2) * columnWidth > width && !all;
  return { type, arch, dir };
}

export function formatInstanceTable(instances: Instance[], options: TableOptions): string {
  const hide = hiddenColumns(instances, options);
  const pick = (cells: Array<[boolean, string]>): string[] => cells.filter(([hidden]) => !hidden).map(([, v]) => v);
  const header = pick([
    [false, 'NAME'],
    [false, 'STATUS'],
    [false, 'SSH'],
    [hide.type, 'VMTYPE'],
    [hide.arch, 'ARCH'],
    [false, 'CPUS'],
    [false, 'MEMORY'],
    [false, 'DISK'],
    [hide.dir, 'DIR'],
  ]);
  const rows = instances.map((i) => {
    // Lima checks a plain string prefix here, not a path prefix; same for identical output.
    const dir = options.homeDir && i.dir.startsWith(options.homeDir) ? `~${i.dir.slice(options.homeDir.length)}` : i.dir;
    return pick([
      [false, i.name],
      [false, i.status],
      [false, `${i.sshAddress}:${i.sshLocalPort}`],
      [hide.type, i.vmType],
      [hide.arch, i.arch],
      [false, String(i.cpus)],
      [false, bytesSize(i.memory)],
      [false, bytesSize(i.disk)],
      [hide.dir, dir],
    ]);
  });
  return tabwrite([header, ...rows]);
}

/** The JSON object for one instance, with limactl's field names. */
export function instanceToJSON(i: Instance): Record<string, unknown> {
  const json: Record<string, unknown> = {
    name: i.name,
    hostname: i.hostname,
    status: i.status,
    dir: i.dir,
    vmType: i.vmType,
    arch: i.arch,
    cpus: i.cpus,
    memory: i.memory,
    disk: i.disk,
    message: i.message,
    sshLocalPort: i.sshLocalPort,
    sshConfigFile: i.sshConfigFile,
    hostAgentPID: i.hostAgentPID,
    driverPID: i.driverPID,
    errors: i.errors,
    sshAddress: i.sshAddress,
    protected: i.protected,
    limaVersion: i.limaVersion,
  };
  if (i.config) json.config = i.config;
  return json;
}
