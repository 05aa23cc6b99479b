import type { Logger } from '../../../common/logger';
import type { AdditionalDisk } from '../../config/types';
import { unlockAdditionalDisks } from './disk';
import { removeVncFiles } from './vnc';

/**
 * Runs one step of tidying up, where a failure must not stop the steps after it nor hide the
 * error being handled: it is logged at warn, naming what was left undone.
 */
export async function tidy(logger: Logger, what: string, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    logger.warn(`could not ${what}`, { error: err instanceof Error ? err.message : String(err) });
  }
}

export interface AfterExitContext {
  instanceDir: string;
  limaHome: string;
  additionalDisks: readonly AdditionalDisk[];
  stopHelpers: () => Promise<void>;
  logger: Logger;
}

/** What is left to do once QEMU has exited: its display files, its helpers, its disk locks. */
export async function cleanUpAfterExit(ctx: AfterExitContext): Promise<void> {
  await tidy(ctx.logger, `remove the VNC display files of ${ctx.instanceDir}`, () => removeVncFiles(ctx.instanceDir));
  await tidy(ctx.logger, 'stop the helper processes (virtiofsd, swtpm)', ctx.stopHelpers);
  await tidy(ctx.logger, 'release the additional disks (their in_use_by locks stay: remove them by hand)', () =>
    unlockAdditionalDisks(ctx.limaHome, ctx.instanceDir, ctx.additionalDisks),
  );
}
