import { spawn } from 'node:child_process';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { listenerWatchCommand, readListenerSnapshots } from './guest-listeners';
import type { GuestListener } from './proc-net-tcp';

const LISTEN_LINE = '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 20311 1 0000000047a31c8f 100 0 0 10 0';

describe('readListenerSnapshots', () => {
  it('hands over each complete snapshot, however the output is split, empty ones included', () => {
    const output = new PassThrough();
    const snapshots: GuestListener[][] = [];
    readListenerSnapshots(output, true, (s) => snapshots.push(s));
    const text = `${LISTEN_LINE}\nEND\n\nEND\n${LISTEN_LINE}\n`;
    for (let i = 0; i < text.length; i += 7) output.write(text.slice(i, i + 7));
    expect(snapshots).toEqual([[{ ip: '127.0.0.1', port: 8080 }], []]);
    output.write('END\n');
    expect(snapshots).toHaveLength(3);
  });
});

describe('listenerWatchCommand', () => {
  // The command is run here by this host's /bin/sh, on this host's /proc: the same text the
  // guest's shell runs, and a listener this test opens and closes as the thing to notice.
  it('reports a new listening socket, then its going away', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const child = spawn('/bin/sh', ['-c', listenerWatchCommand(1)], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const snapshots: GuestListener[][] = [];
      readListenerSnapshots(child.stdout, true, (s) => snapshots.push(s));
      const has = (s: GuestListener[]): boolean => s.some((l) => l.ip === '127.0.0.1' && l.port === port);
      await expect.poll(() => snapshots.some(has), { timeout: 10_000 }).toBe(true);
      await new Promise((r) => server.close(r));
      await expect.poll(() => snapshots.length > 0 && !has(snapshots.at(-1)!), { timeout: 10_000 }).toBe(true);
    } finally {
      child.kill();
      server.close();
    }
  });
});
