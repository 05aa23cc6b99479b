import { describe, expect, it } from 'vitest';
import type { GuestConnection } from '../ssh/guest-connection';
import { SharedGuestSsh } from './guest-ssh';

/** A connection that only knows whether it has ended: what the sharing logic looks at. */
function connection(): GuestConnection & { drop(): void; endedByUser: boolean } {
  let drop: () => void = () => {};
  const ended = new Promise<void>((resolve) => (drop = resolve));
  const c = {
    endedByUser: false,
    drop,
    ended,
    end: () => {
      c.endedByUser = true;
      drop();
    },
    openTcp: () => Promise.reject(new Error('unused')),
    openUnix: () => Promise.reject(new Error('unused')),
    listenUnix: () => Promise.reject(new Error('unused')),
    unlistenUnix: () => Promise.reject(new Error('unused')),
    run: () => Promise.resolve({ code: 0, stdout: 'ran', stderr: '' }),
    exec: () => Promise.reject(new Error('unused')),
  };
  return c;
}

describe('SharedGuestSsh', () => {
  it('opens one connection for leases asked at once, and a lease ending leaves it to the others', async () => {
    const made: Array<ReturnType<typeof connection>> = [];
    const shared = new SharedGuestSsh(async () => {
      await new Promise((r) => setTimeout(r, 10));
      const c = connection();
      made.push(c);
      return c;
    });
    const [a, b] = await Promise.all([shared.lease(), shared.lease()]);
    expect(made).toHaveLength(1);
    a.end();
    await a.ended;
    expect(made[0]!.endedByUser).toBe(false);
    expect(await b.run(['true'])).toMatchObject({ stdout: 'ran' });
    await shared.lease();
    expect(made).toHaveLength(1);
  });

  it('connects again after the connection drops, and every lease of the old one ends', async () => {
    const made: Array<ReturnType<typeof connection>> = [];
    const shared = new SharedGuestSsh(() => {
      const c = connection();
      made.push(c);
      return Promise.resolve(c);
    });
    const first = await shared.lease();
    made[0]!.drop();
    await first.ended;
    await new Promise((r) => setImmediate(r));
    await shared.lease();
    expect(made).toHaveLength(2);
  });

  it('ends the connection on close and refuses leases after it', async () => {
    const made: Array<ReturnType<typeof connection>> = [];
    let openSignal: AbortSignal | undefined;
    const shared = new SharedGuestSsh((signal) => {
      openSignal = signal;
      const c = connection();
      made.push(c);
      return Promise.resolve(c);
    });
    await shared.lease();
    shared.close();
    expect(made[0]!.endedByUser).toBe(true);
    expect(openSignal?.aborted).toBe(true);
    await expect(shared.lease()).rejects.toThrow('the SSH connection to the guest is closed');
  });

  it('gives up on a lease whose signal fires while the connection is being made', async () => {
    const shared = new SharedGuestSsh(() => new Promise<GuestConnection>(() => {}));
    const abort = new AbortController();
    const leased = shared.lease(abort.signal);
    abort.abort();
    await expect(leased).rejects.toThrow('aborted');
  });
});
