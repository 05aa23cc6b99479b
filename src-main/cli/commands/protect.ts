import { CliError, type CliCommand, type CliContext } from '../../common/command';
import { limaHome } from '../../core/api/local-host';
import { setProtected } from '../../core/api/local-verbs';
import { parseFlags } from './flags';
import { asVerbCliErrors } from './verb-errors';
import { COMMAND_INFO } from './command-info';

async function run(ctx: CliContext, wanted: boolean, usage: string): Promise<number> {
  const { positionals } = parseFlags(ctx.argv, {});
  if (positionals.length === 0) throw new CliError(`expected at least one instance name\nUsage: ${usage}`, 2);
  const failures: string[] = [];
  for (const name of positionals) {
    try {
      const changed = await asVerbCliErrors(() => setProtected(limaHome(ctx.env), name, wanted));
      if (!changed) ctx.logger.warn(`Instance ${JSON.stringify(name)} ${wanted ? 'is already protected' : "isn't protected"}. Skipping.`);
      else ctx.logger.info(`${wanted ? 'Protected' : 'Unprotected'} ${JSON.stringify(name)}`);
    } catch (err) {
      failures.push(`failed to ${wanted ? 'protect' : 'unprotect'} instance ${JSON.stringify(name)}: ${(err as Error).message}`);
    }
  }
  if (failures.length > 0) throw new CliError(failures.join('\n'));
  return 0;
}

export const protectCommand: CliCommand = {
  ...COMMAND_INFO.protect,
  run: (ctx) => run(ctx, true, protectCommand.usage),
};

export const unprotectCommand: CliCommand = {
  ...COMMAND_INFO.unprotect,
  run: (ctx) => run(ctx, false, unprotectCommand.usage),
};
