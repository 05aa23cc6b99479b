import { EventEmitter } from 'node:events';
import type { Client } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { ReportChannel } from './report-channel';

const MEMINFO = 'MemTotal:        1000 kB\nMemAvailable:     400 kB\n';
const NETDEV = 'Inter-|   Receive\n face |bytes\n  eth0: 100 1 0 0 0 0 0 0 200 2 0 0 0 0 0 0\n';

/**
 * Stands in for the guest's shell loop (the real one runs against the test guest's sshd in
 * verbs-guest.e2e): each line written makes it answer with both files and the end marker,
 * split over `pieces` data events, as SSH packets may split it.
 */
function fakeGuest(options: { pieces?: number; silent?: boolean } = {}) {
  const commands: string[] = [];
  const channel = Object.assign(new EventEmitter(), {
    stderr: new EventEmitter(),
    closed: false,
    write(data: string) {
      if (options.silent) return true;
      const text = `${MEMINFO}${NETDEV}@@limadesk-usage-end@@\n`;
      const size = Math.ceil(text.length / (options.pieces ?? 1));
      for (let i = 0; i < text.length; i += size) channel.emit('data', Buffer.from(text.slice(i, i + size)));
      return data === '\n';
    },
    close() {
      channel.closed = true;
      channel.emit('close');
    },
  });
  const client = {
    exec(command: string, cb: (err: Error | undefined, ch: typeof channel) => void) {
      commands.push(command);
      cb(undefined, channel);
    },
  } as unknown as Client;
  return { client, channel, commands };
}

describe('ReportChannel', () => {
  it('runs one shell loop and answers each read with both files, however the bytes arrive', async () => {
    const guest = fakeGuest({ pieces: 7 });
    const reports = await ReportChannel.open(guest.client);
    expect(await reports.read(1000)).toBe(`${MEMINFO}${NETDEV}`);
    expect(await reports.read(1000)).toBe(`${MEMINFO}${NETDEV}`);
    expect(guest.commands).toHaveLength(1);
    expect(guest.commands[0]).toMatch(/^while read -r _; do cat \/proc\/meminfo \/proc\/net\/dev; echo @@limadesk-usage-end@@; done$/);
  });

  it('gives up on a read the guest does not answer', async () => {
    const reports = await ReportChannel.open(fakeGuest({ silent: true }).client);
    await expect(reports.read(20)).rejects.toThrow('no answer in 20 ms');
  });

  it('fails the waiting read and every later one once the guest closes the channel', async () => {
    const guest = fakeGuest({ silent: true });
    const reports = await ReportChannel.open(guest.client);
    const pending = reports.read(1000);
    guest.channel.close();
    await expect(pending).rejects.toThrow('closed the usage channel');
    expect(reports.open).toBe(false);
    await expect(reports.read(1000)).rejects.toThrow('closed the usage channel');
  });

  it('closes its channel once, and refuses a second read while one waits', async () => {
    const guest = fakeGuest({ silent: true });
    const reports = await ReportChannel.open(guest.client);
    const first = reports.read(1000);
    await expect(reports.read(1000)).rejects.toThrow('previous read');
    reports.close();
    await expect(first).rejects.toThrow('closed');
    expect(guest.channel.closed).toBe(true);
    reports.close();
  });
});
