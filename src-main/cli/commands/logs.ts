import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { logFile, streamLog, type LogKind } from '../../core/api/local-instances';
import { requireInstance } from '../../core/api/local-instances';
import { limaHome } from '../../core/api/local-host';
import { CliError, type CliCommand } from '../../common/command';
import { asCliErrors } from './instance-errors';
import { COMMAND_INFO } from './command-info';

const LOG_NAMES: Record<LogKind, string> = { hostagent: 'host agent', serial: 'serial console', events: 'events' };

/** 0 for a missing file as for an empty one: either way there is nothing to show. */
async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

export const logsCommand: CliCommand = {
  ...COMMAND_INFO.logs,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.argv,
      allowPositionals: true,
      options: {
        serial: { type: 'boolean', default: false },
        events: { type: 'boolean', default: false },
        follow: { type: 'boolean', short: 'f', default: false },
      },
    });
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new CliError(`expected exactly one instance name\nUsage: ${logsCommand.usage}`, 2);
    if (values.serial && values.events) throw new CliError('--serial and --events cannot be combined', 2);
    const kind: LogKind = values.serial ? 'serial' : values.events ? 'events' : 'hostagent';
    const home = limaHome(ctx.env);
    await asCliErrors(() => requireInstance(home, name));
    const file = logFile(home, name, kind);
    if (!values.follow && (await sizeOf(file)) === 0) {
      throw new CliError(`instance ${JSON.stringify(name)} has no ${LOG_NAMES[kind]} log yet (${file}); it is written once the instance starts`);
    }
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    try {
      await streamLog(file, ctx.stdout, { follow: values.follow, signal: controller.signal });
    } finally {
      process.off('SIGINT', stop);
    }
    return 0;
  },
};
