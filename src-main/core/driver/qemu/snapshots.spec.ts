import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/logger';
import { execFileRunner } from './runner';
import { listSnapshots, snapshotOp, type SnapshotContext } from './snapshots';

let dir: string;
let ctx: SnapshotContext;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'limadesk-snap-'));
  ctx = { instanceDir: dir, running: false, runner: execFileRunner, logger: silentLogger };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('snapshots of a stopped instance (real qemu-img)', () => {
  it('create, list, apply, delete on a qcow2 disk', async () => {
    execFileSync('qemu-img', ['create', '-f', 'qcow2', path.join(dir, 'disk'), '16M']);
    await snapshotOp('create', 'before-upgrade', ctx);
    const table = await listSnapshots(ctx);
    expect(table.split('\n')[0]).toMatch(/^ID\s+TAG\s+VM SIZE\s+DATE\s+VM CLOCK\s+ICOUNT/);
    expect(table).toContain('before-upgrade');
    expect(table).not.toContain('Snapshot list:');
    await snapshotOp('apply', 'before-upgrade', ctx);
    await snapshotOp('delete', 'before-upgrade', ctx);
    expect(await listSnapshots(ctx)).not.toContain('before-upgrade');
  });

  it('errors carry qemu-img stderr', async () => {
    execFileSync('qemu-img', ['create', '-f', 'qcow2', path.join(dir, 'disk'), '16M']);
    await expect(snapshotOp('apply', 'nope', ctx)).rejects.toThrow(/Could not apply snapshot 'nope'/);
  });

  it('a raw disk cannot hold internal snapshots', async () => {
    execFileSync('qemu-img', ['create', '-f', 'raw', path.join(dir, 'disk'), '16M']);
    await expect(snapshotOp('create', 'x', ctx)).rejects.toThrow(/qemu-img snapshot -c x .*disk: .+/);
  });

  it('a tag is required and must be one word', async () => {
    await expect(snapshotOp('create', '', ctx)).rejects.toThrow('expected tag');
    await expect(snapshotOp('create', 'a b', ctx)).rejects.toThrow('whitespace');
  });
});

describe('snapshots of a running instance whose QEMU dies mid-command', () => {
  // A QMP server that greets, accepts capabilities and then drops the connection on the HMP
  // command: what QEMU does when it is killed during savevm, on cue (the real race is in
  // test/e2e/faults-kill.e2e.ts).
  it('says QEMU exited and that the snapshot was not saved, not only that a socket closed', async () => {
    const server = net.createServer((socket) => {
      socket.write('{"QMP": {"version": {"qemu": {"major": 7, "minor": 2, "micro": 0}}, "capabilities": []}}\r\n');
      socket.on('data', (data) => {
        const request = JSON.parse(data.toString().trim().split('\n')[0]!) as { execute: string; id?: unknown };
        if (request.execute === 'qmp_capabilities') socket.write(`${JSON.stringify({ return: {}, id: request.id })}\r\n`);
        else socket.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'qmp.sock'), resolve));
    try {
      await expect(snapshotOp('create', 'doomed', { ...ctx, running: true })).rejects.toThrow(
        'QEMU exited during "savevm doomed" (the QMP connection closed): the snapshot was not saved; earlier snapshots are kept',
      );
    } finally {
      server.close();
    }
  });
});
