import type { GuestConnection } from '../ssh/guest-connection';

/**
 * The host agent's one SSH connection to the guest, shared by everything that talks to the
 * guest while it runs: port forwarding, the boot requirements and probes, copyToHost and the
 * reverse-sshfs mounts. Each user takes a lease; ending a lease leaves the connection to the
 * others. When the connection drops, every lease ends with it and the next `lease()` makes a
 * new one, once, however many users ask at the same time.
 */
export class SharedGuestSsh {
  private current: GuestConnection | undefined;
  private connecting: Promise<GuestConnection> | undefined;
  private readonly closed = new AbortController();

  /** `open` makes a new authenticated connection; its signal fires when this object is closed. */
  constructor(private readonly open: (signal: AbortSignal) => Promise<GuestConnection>) {}

  /** The live connection (made now if there is none), as a lease whose `end()` only ends the lease. */
  async lease(signal?: AbortSignal): Promise<GuestConnection> {
    const connection = await abortable(this.connection(), signal);
    return leaseOf(connection);
  }

  /** Ends the connection and refuses new leases. */
  close(): void {
    this.closed.abort();
    this.current?.end();
    this.current = undefined;
  }

  private connection(): Promise<GuestConnection> {
    if (this.closed.signal.aborted) return Promise.reject(new Error('the SSH connection to the guest is closed'));
    if (this.current) return Promise.resolve(this.current);
    this.connecting ??= this.open(this.closed.signal)
      .then((connection) => {
        if (this.closed.signal.aborted) {
          connection.end();
          throw new Error('the SSH connection to the guest is closed');
        }
        this.current = connection;
        void connection.ended.then(() => {
          if (this.current === connection) this.current = undefined;
        });
        return connection;
      })
      .finally(() => (this.connecting = undefined));
    return this.connecting;
  }
}

function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The connection's operations, with an `ended` that also resolves when the lease is ended. */
function leaseOf(connection: GuestConnection): GuestConnection {
  let endLease: () => void = () => {};
  const leaseEnded = new Promise<void>((resolve) => (endLease = resolve));
  return {
    openTcp: (host, port, from) => connection.openTcp(host, port, from),
    openUnix: (socketPath) => connection.openUnix(socketPath),
    listenUnix: (socketPath, onConnection) => connection.listenUnix(socketPath, onConnection),
    unlistenUnix: (socketPath) => connection.unlistenUnix(socketPath),
    run: (argv) => connection.run(argv),
    exec: (command) => connection.exec(command),
    ended: Promise.race([connection.ended, leaseEnded]),
    end: () => endLease(),
  };
}
