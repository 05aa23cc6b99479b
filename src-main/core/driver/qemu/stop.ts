import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../../common/logger';
import { systemPowerdown } from '../../qmp/commands';
import { QemuPID } from '../../store/filenames';
import { readPidFile } from '../../store/pidfile';
import { withQmp } from './qmp-session';
import { removeVncFiles } from './vnc';

export const DEFAULT_STOP_TIMEOUT_MS = 3 * 60_000;

export interface StopContext {
  instanceDir: string;
  logger: Logger;
  timeoutMs?: number;
  /** Settles when QEMU is gone; without it the pid file's process is polled. */
  exited?: Promise<unknown>;
  /** Ends virtiofsd and swtpm, which outlive nothing once QEMU is gone. */
  stopHelpers: () => Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitGone(pid: number, exited: Promise<unknown> | undefined, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
  const poll = (async (): Promise<true> => {
    while (pid > 0 && alive(pid)) await new Promise((r) => setTimeout(r, 100));
    return true;
  })();
  const gone = exited ? exited.then(() => true as const) : poll;
  try {
    return await Promise.race([gone, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A guest that is still booting has no ACPI button driver yet and drops the press on the
 * floor; like a person at the power button, press again every few seconds until it goes.
 */
export const POWER_BUTTON_REPEAT_MS = 5000;

async function pressUntilGone(ctx: StopContext, pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    if (await waitGone(pid, ctx.exited, Math.min(POWER_BUTTON_REPEAT_MS, left))) return true;
    if (Date.now() >= deadline) return false;
    try {
      await withQmp(ctx.instanceDir, ctx.logger, (client) => systemPowerdown(client));
      ctx.logger.info('the guest is still running; pressed the ACPI power button again');
    } catch (err) {
      // QEMU may be on its way out, closing the monitor; the wait decides.
      ctx.logger.debug('could not press the power button again', { error: (err as Error).message });
    }
  }
}

/**
 * Presses the ACPI power button and waits for the guest to power off; a guest that does not
 * (or a QMP socket that does not answer) is killed. Either way the runtime files go.
 */
export async function stopQemu(ctx: StopContext): Promise<void> {
  const pidFile = path.join(ctx.instanceDir, QemuPID);
  const pid = await readPidFile(pidFile).catch(() => 0);
  const timeoutMs = ctx.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
  let graceful = false;
  try {
    await withQmp(ctx.instanceDir, ctx.logger, (client) => systemPowerdown(client));
    ctx.logger.info('sent the ACPI power button; waiting for the guest to shut down', { timeoutMs });
    graceful = await pressUntilGone(ctx, pid, timeoutMs);
    if (!graceful) ctx.logger.warn('the guest did not shut down in time; killing QEMU', { timeoutMs });
  } catch (err) {
    ctx.logger.warn('graceful shutdown failed; killing QEMU', { error: (err as Error).message });
  }
  if (!graceful && pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await waitGone(pid, ctx.exited, 10_000);
  }
  await rm(pidFile, { force: true });
  await removeVncFiles(ctx.instanceDir);
  await ctx.stopHelpers();
}
