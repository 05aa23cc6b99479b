import path from 'node:path';
import type { Logger } from '../../../common/logger';
import { cont, hmp, queryStatus } from '../../qmp/commands';
import { QmpConnectionClosedError } from '../../qmp/errors';
import { Disk } from '../../store/filenames';
import { qemuImgSnapshot } from './qemu-img';
import { withQmp } from './qmp-session';
import type { Runner } from './runner';

export type SnapshotOp = 'create' | 'apply' | 'delete';

const HMP_COMMAND: Record<SnapshotOp, string> = { create: 'savevm', apply: 'loadvm', delete: 'delvm' };
const QEMU_IMG_FLAG: Record<SnapshotOp, '-c' | '-a' | '-d'> = { create: '-c', apply: '-a', delete: '-d' };

export interface SnapshotContext {
  instanceDir: string;
  /** Whether QEMU runs for this instance; decides between QMP and qemu-img. */
  running: boolean;
  runner: Runner;
  logger: Logger;
}

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

function requireTag(tag: string): void {
  if (tag === '') throw new SnapshotError('expected tag');
  // A tag is one HMP word: whitespace would split it into a second argument.
  if (/\s/.test(tag)) throw new SnapshotError(`snapshot tag must not contain whitespace, got ${JSON.stringify(tag)}`);
}

/**
 * savevm / loadvm / delvm on a running VM, or qemu-img on the stopped disk. HMP reports
 * failures as text; unlike Lima, any such text is an error here, and a VM that a failed
 * loadvm left paused is resumed so it never sits silently stopped.
 */
export async function snapshotOp(op: SnapshotOp, tag: string, ctx: SnapshotContext): Promise<void> {
  requireTag(tag);
  if (!ctx.running) {
    await qemuImgSnapshot(ctx.runner, path.join(ctx.instanceDir, Disk), QEMU_IMG_FLAG[op], tag);
    return;
  }
  await withQmp(ctx.instanceDir, ctx.logger, async (client) => {
    const line = `${HMP_COMMAND[op]} ${tag}`;
    ctx.logger.debug('Sending HMP command', { command: line });
    const output = (await hmp(client, line).catch((err: unknown) => Promise.reject(explainLostVm(err, op, tag)))).trim();
    if (output === '') return;
    if (op === 'apply') {
      const stuck = await resumeIfPaused(client, ctx.logger);
      if (stuck) throw new SnapshotError(`${output}\n${stuck}`);
    }
    throw new SnapshotError(output);
  });
}

const OUTCOME_WHEN_QEMU_DIES: Record<SnapshotOp, string> = {
  create: 'the snapshot was not saved; earlier snapshots are kept',
  apply: 'the snapshot may not have been loaded; start the instance and apply it again',
  delete: 'check `limadesk snapshot list` to see whether it was deleted',
};

/** QEMU going away mid-command is the VM stopping, not a protocol detail: say so and what it means. */
function explainLostVm(err: unknown, op: SnapshotOp, tag: string): unknown {
  if (!(err instanceof QmpConnectionClosedError)) return err;
  return new SnapshotError(`QEMU exited during "${HMP_COMMAND[op]} ${tag}" (the QMP connection closed): ${OUTCOME_WHEN_QEMU_DIES[op]}`, { cause: err });
}

/** Returns why the VM could not be resumed, or undefined when it runs again. */
async function resumeIfPaused(client: Parameters<typeof queryStatus>[0], logger: Logger): Promise<string | undefined> {
  const status = await queryStatus(client);
  if (status.running) return undefined;
  logger.warn('loadvm failed and left the VM paused; resuming it', { status: status.status });
  try {
    await cont(client);
    return undefined;
  } catch (err) {
    return `the VM is left in state "${status.status}" and could not be resumed: ${(err as Error).message}`;
  }
}

/** The snapshot table without the banner lines QEMU and qemu-img print above it. */
export async function listSnapshots(ctx: SnapshotContext): Promise<string> {
  if (!ctx.running) {
    const out = await qemuImgSnapshot(ctx.runner, path.join(ctx.instanceDir, Disk), '-l');
    return out.replace('Snapshot list:\n', '');
  }
  return withQmp(ctx.instanceDir, ctx.logger, async (client) => {
    ctx.logger.debug('Sending HMP command', { command: 'info snapshots' });
    const out = (await hmp(client, 'info snapshots')).replace(/\r/g, '');
    return out.replace('List of snapshots present on all disks:\n', '').replace('There is no snapshot available.\n', '');
  });
}
