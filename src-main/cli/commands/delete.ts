import { parseArgs } from 'node:util';
import { CliError, type CliCommand } from '../../common/command';
import { InstanceCatalog } from '../../core/api/local-instances';
import { InstanceNotFoundError, InstanceStateError } from '../../core/api/local-instances';
import { limaHome } from '../../core/api/local-host';
import { instanceDir, InvalidInstanceNameError } from '../../core/api/local-instances';
import { COMMAND_INFO } from './command-info';

export const deleteCommand: CliCommand = {
  ...COMMAND_INFO.delete,
  async run(ctx) {
    const parsed = parseArgs({ args: ctx.argv, allowPositionals: true, options: { force: { type: 'boolean', short: 'f', default: false } } });
    const force = parsed.values.force;
    const names = parsed.positionals;
    if (names.length === 0) throw new CliError(`expected at least one instance name, usage: ${this.usage}`, 2);

    const home = limaHome(ctx.env);
    const catalog = new InstanceCatalog(home, { logger: ctx.logger });
    for (const name of names) {
      try {
        await catalog.delete(name, { force });
        ctx.logger.info(`Deleted ${JSON.stringify(name)} (${JSON.stringify(instanceDir(home, name))})`);
      } catch (err) {
        if (err instanceof InstanceNotFoundError) {
          ctx.logger.warn(`Ignoring non-existent instance ${JSON.stringify(name)}`);
          continue;
        }
        if (err instanceof InstanceStateError || err instanceof InvalidInstanceNameError) {
          throw new CliError(`failed to delete instance ${JSON.stringify(name)}: ${err.message}`);
        }
        throw err;
      }
    }
    return 0;
  },
};
