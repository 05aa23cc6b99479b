const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Bytes the way `limactl list` prints them: "4GiB", "512MiB", "1.5GiB". */
export function formatBytes(bytes: number): string {
  if (bytes <= 0) return '0B';
  if (bytes >= GiB) return `${trim(bytes / GiB)}GiB`;
  if (bytes >= MiB) return `${trim(bytes / MiB)}MiB`;
  return `${bytes}B`;
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1).replace(/\.0$/, '');
}

export function formatSsh(port: number): string {
  return port > 0 ? `127.0.0.1:${port}` : '—';
}
