import { createInterface } from 'node:readline/promises';
import type { CliContext } from '../../common/command';
import { agentCommandForThisProcess, formatBytes, limaCacheDir, limaHome } from '../../core/api/local-host';
import { describeEvent, InstanceLifecycle } from '../../core/api/local-instances';
import { asCliErrors } from './instance-errors';
import { createProgressPrinter } from './download-progress';

/**
 * Progress of a copy on stderr: one line redrawn in place on a terminal, a line every few
 * seconds (and at each new file) elsewhere.
 */
export function transferPrinter(ctx: CliContext, verb: string, now: () => number = Date.now): { report: (file: string, done: number, total: number) => void; end: () => void } {
  const started = now();
  let lastLine = Number.NEGATIVE_INFINITY;
  let lastFile = '';
  let drawn = false;
  return {
    report: (file, done, total) => {
      const seconds = (now() - started) / 1000;
      const rate = seconds > 0.5 ? ` ${formatBytes(done / seconds)}/s` : '';
      const line = `${verb} ${file} ${formatBytes(done)} / ${formatBytes(total)}${rate}`;
      if (ctx.isTTY) {
        ctx.stderr(`\r\x1b[2K${line}`);
        drawn = true;
      } else if (file !== lastFile || now() - lastLine >= 5000) {
        ctx.stderr(`${line}\n`);
        lastLine = now();
        lastFile = file;
      }
    },
    end: () => {
      if (drawn) ctx.stderr('\n');
      drawn = false;
    },
  };
}

/** A yes/no question on the terminal; without one (scripts, CI) the answer is `fallback`. */
export async function ask(ctx: CliContext, question: string, fallback: boolean): Promise<boolean> {
  if (!ctx.isTTY || !process.stdin.isTTY) return fallback;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (await rl.question(`${question} ${fallback ? '[Y/n]' : '[y/N]'} `)).trim().toLowerCase();
    return answer === '' ? fallback : answer === 'y' || answer === 'yes';
  } finally {
    rl.close();
  }
}

function lifecycle(ctx: CliContext): InstanceLifecycle {
  return new InstanceLifecycle(limaHome(ctx.env), { logger: ctx.logger, agent: agentCommandForThisProcess(undefined, ctx.env), imageCacheDir: limaCacheDir(ctx.env) });
}

/** `limadesk start NAME` as part of another command (clone --start, edit --start, restart). */
export async function startFromCli(ctx: CliContext, name: string): Promise<void> {
  const result = await asCliErrors(() =>
    lifecycle(ctx).start(name, {
      onEvent: (e) => ctx.stdout(`${e.time} ${describeEvent(e)}\n`),
      onDownloadProgress: createProgressPrinter({ write: ctx.stderr, tty: ctx.isTTY }),
    }),
  );
  if (result.alreadyRunning) ctx.logger.info(`instance ${JSON.stringify(name)} is already running`);
  else ctx.stdout(`READY. Instance ${JSON.stringify(name)} is running (SSH port ${result.instance.sshLocalPort})\n`);
}

/** Lima's restart: a graceful stop (or a forced one), then a start; a stopped instance is just started. */
export async function restartFromCli(ctx: CliContext, name: string, force: boolean): Promise<void> {
  const lc = lifecycle(ctx);
  const before = await asCliErrors(() => lc.stop(name, force ? { force: true } : { onEvent: (e) => ctx.stdout(`${e.time} ${describeEvent(e)}\n`) }).catch(async (err: unknown) => {
    // Not running: nothing to stop, as Lima's restart continues with the start.
    if ((err as Error).message.startsWith('expected status "Running"')) {
      ctx.logger.info('The instance is not running, continuing with the restart');
      return undefined;
    }
    throw err;
  }));
  if (before) ctx.logger.info(`Instance ${JSON.stringify(name)} stopped`);
  await startFromCli(ctx, name);
}
