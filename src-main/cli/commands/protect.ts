import { CliError, type CliCommand, type CliContext } from '../../common/command';
import { limaHome } from '../../core/api/local-host';
import { setProtected } from '../../core/api/local-verbs';
import { parseFlags } from './flags';
import { asVerbCliErrors } from './verb-errors';

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
  name: 'protect',
  summary: 'Protect instances from accidental delete and factory-reset',
  usage: 'limadesk protect NAME...',
  run: (ctx) => run(ctx, true, protectCommand.usage),
};

export const unprotectCommand: CliCommand = {
  name: 'unprotect',
  summary: 'Unprotect instances',
  usage: 'limadesk unprotect NAME...',
  run: (ctx) => run(ctx, false, unprotectCommand.usage),
};
