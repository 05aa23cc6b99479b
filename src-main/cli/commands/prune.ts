import { parseArgs } from 'node:util';
import { limaCacheDir } from '../../core/api/local-host';
import { formatBytes } from '../../core/api/local-host';
import { pruneCache } from '../../core/api/local-host';
import { CliError, type CliCommand } from '../../common/command';
import { COMMAND_INFO } from './command-info';

export const pruneCommand: CliCommand = {
  ...COMMAND_INFO.prune,
  async run(ctx) {
    const { positionals } = parseArgs({ args: ctx.argv, allowPositionals: true, options: {} });
    if (positionals.length > 0) throw new CliError(`unexpected arguments: ${positionals.join(' ')}\nUsage: ${pruneCommand.usage}`, 2);
    const dir = limaCacheDir(ctx.env);
    const bytes = await pruneCache(dir);
    ctx.stdout(`Pruned ${dir} (${formatBytes(bytes)})\n`);
    return 0;
  },
};
