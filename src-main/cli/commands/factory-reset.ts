import { CliError, type CliCommand } from '../../common/command';
import { formatBytes, limaHome } from '../../core/api/local-host';
import { InstanceCatalog } from '../../core/api/local-instances';
import { factoryReset } from '../../core/api/local-verbs';
import { parseFlags } from './flags';
import { asVerbCliErrors } from './verb-errors';
import { COMMAND_INFO } from './command-info';

export const factoryResetCommand: CliCommand = {
  ...COMMAND_INFO['factory-reset'],
  async run(ctx) {
    const { positionals } = parseFlags(ctx.argv, {});
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new CliError(`expected exactly one instance name\nUsage: ${factoryResetCommand.usage}`, 2);
    const catalog = new InstanceCatalog(limaHome(ctx.env), { logger: ctx.logger });
    const removed = await asVerbCliErrors(() => factoryReset(catalog, name, ctx.logger));
    const freed = removed.reduce((sum, e) => sum + e.bytes, 0);
    ctx.logger.info(`Instance ${JSON.stringify(name)} has been factory reset (${removed.length} entries, ${formatBytes(freed)} freed)`);
    return 0;
  },
};
