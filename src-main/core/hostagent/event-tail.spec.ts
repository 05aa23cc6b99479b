import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForEvent } from './event-tail';
import { formatEvent } from './events';
import { useTempDir } from '../../../test/support/temp-dir';

let dir: string;
useTempDir('limadesk-tail-', (d) => (dir = d));

const at = (ms: number): string => new Date(ms).toISOString();

describe('waitForEvent', () => {
  it('skips events older than the start, reports the rest, and ends on the wanted one', async () => {
    const file = path.join(dir, 'ha.stdout.log');
    const since = Date.now();
    await writeFile(file, formatEvent({ time: at(since - 60_000), status: { running: true } }));
    const seen: string[] = [];
    const done = waitForEvent(
      file,
      { since: new Date(since), timeoutMs: 5000, timeoutMessage: 'timeout', onEvent: (e) => seen.push(JSON.stringify(e.status)) },
      (e) => Boolean(e.status.running),
    );
    await new Promise((r) => setTimeout(r, 150));
    // Written in two pieces, to cross a poll with half a line.
    const booting = formatEvent({ time: at(since + 1), status: { sshLocalPort: 22 } });
    await appendFile(file, booting.slice(0, 10));
    await new Promise((r) => setTimeout(r, 150));
    await appendFile(file, booting.slice(10) + formatEvent({ time: at(since + 2), status: { running: true, sshLocalPort: 22 } }));
    const last = await done;
    expect(last.status).toEqual({ running: true, sshLocalPort: 22 });
    expect(seen).toEqual(['{"sshLocalPort":22}', '{"running":true,"sshLocalPort":22}']);
  });

  it('waits for a file that does not exist yet and follows it after truncation', async () => {
    const file = path.join(dir, 'later.log');
    const since = Date.now();
    const done = waitForEvent(file, { since: new Date(since), timeoutMs: 5000, timeoutMessage: 'timeout' }, (e) => Boolean(e.status.exiting));
    await writeFile(file, `${'x'.repeat(200)}\n`);
    await new Promise((r) => setTimeout(r, 250));
    await writeFile(file, formatEvent({ time: at(since + 5), status: { exiting: true } }));
    expect((await done).status.exiting).toBe(true);
  });

  it('fails with the given message when nothing comes in time', async () => {
    const file = path.join(dir, 'quiet.log');
    await expect(waitForEvent(file, { since: new Date(), timeoutMs: 300, timeoutMessage: 'no running event' }, () => true)).rejects.toThrow(
      'no running event',
    );
  });
});
