import type { Duplex } from 'node:stream';
import type { GuestChannel } from '../../ssh/guest-connection';

/**
 * Copies bytes both ways between a host connection and a channel to the guest, keeping
 * half-closes (an HTTP client may send its request, shut down its side and still read the
 * answer). When one side is gone for good, the other is ended once what was written to it
 * has gone out, then closed.
 */
export function relay(local: Duplex, remote: GuestChannel): void {
  local.pipe(remote);
  remote.pipe(local);
  const shut = (): void => {
    if (typeof remote.close === 'function') remote.close();
    else remote.destroy();
  };
  const closeRemote = (): void => {
    if (remote.writableFinished) return shut();
    remote.once('finish', shut);
    remote.end();
  };
  local.once('close', closeRemote);
  local.on('error', () => local.destroy());
  remote.on('error', () => {
    local.destroy();
    remote.destroy();
  });
  // The guest side closed: whatever it sent is already queued on the local socket by the pipe.
  remote.once('close', () => {
    if (!local.destroyed) local.end();
  });
}
