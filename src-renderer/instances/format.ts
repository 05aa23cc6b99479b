const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Bytes the way `limactl list` prints them: "4GiB", "512MiB", "1.5GiB". */
export function formatBytes(bytes: number): string {
  if (bytes <= 0) return '0B';
  if (bytes >= GiB) return `${trim(bytes / GiB)}GiB`;
  if (bytes >= MiB) return `${trim(bytes / MiB)}MiB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)}KiB`;
  return `${Math.round(bytes)}B`;
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1).replace(/\.0$/, '');
}

/** A rate in bytes per second, in the units of sizes: "1.2MiB/s", "300KiB/s", "0B/s". */
export function formatBytesRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

export function formatSsh(port: number): string {
  return port > 0 ? `127.0.0.1:${port}` : '—';
}

/** A transfer rate with the same units as sizes: "12.3MiB/s". */
export function formatRate(bytesPerSecond: number): string {
  if (bytesPerSecond >= GiB) return `${(bytesPerSecond / GiB).toFixed(1)}GiB/s`;
  if (bytesPerSecond >= MiB) return `${(bytesPerSecond / MiB).toFixed(1)}MiB/s`;
  return `${Math.round(bytesPerSecond / 1024)}KiB/s`;
}

/** Seconds as "42s", "3m05s" or "1h02m": short enough for a table cell. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A fact the summary does not know (a Broken instance whose lima.yaml does not load) reads as a dash, not as zero. */
export function orDash(value: number | string, format: (v: never) => string = String): string {
  return value === 0 || value === '' ? '—' : format(value as never);
}

/** An instance's resources in one line; a Broken instance whose lima.yaml does not load has none. */
export function factsText(i: { arch: string; cpus: number; memory: number; disk: number }, words = false): string {
  if (i.cpus === 0 && i.memory === 0 && i.disk === 0) return i.arch ? `${i.arch} · resources unknown` : 'resources unknown';
  const cpus = `${i.cpus} CPU${i.cpus === 1 ? '' : 's'}`;
  return [i.arch, cpus, `${formatBytes(i.memory)}${words ? ' memory' : ''}`, `${formatBytes(i.disk)}${words ? ' disk' : ''}`].filter(Boolean).join(' · ');
}
