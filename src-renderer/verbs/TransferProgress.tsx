/** A copy under way (a clone's disk, an imported disk): how far, in bytes and as a bar. */
import type { ApiEvent } from '../../src-main/common/api';
import { formatBytes } from '../instances/format';

export function transferText(t: ApiEvent<'transferProgress'>): string {
  if (t.totalBytes <= 0) return `${formatBytes(t.doneBytes)} copied`;
  const percent = Math.floor((t.doneBytes / t.totalBytes) * 100);
  return `${percent}%: ${formatBytes(t.doneBytes)} of ${formatBytes(t.totalBytes)}${t.file ? ` (${t.file})` : ''}`;
}

export function TransferProgress({ label, transfer }: { label: string; transfer: ApiEvent<'transferProgress'> | undefined }) {
  const percent = transfer && transfer.totalBytes > 0 ? Math.floor((transfer.doneBytes / transfer.totalBytes) * 100) : undefined;
  return (
    <div className="dialog-progress" role="status">
      <progress aria-label={label} max={transfer && transfer.totalBytes > 0 ? transfer.totalBytes : undefined} value={transfer && transfer.totalBytes > 0 ? transfer.doneBytes : undefined} aria-valuetext={percent !== undefined ? `${percent}%` : undefined} />
      <span className="hint">{transfer ? `${label}: ${transferText(transfer)}` : `${label}…`}</span>
    </div>
  );
}
