import type { CliCommand } from '../../common/command';

type CommandInfo = Pick<CliCommand, 'name' | 'summary' | 'usage' | 'aliases' | 'hidden'>;

/** A command whose module is imported only when it runs: help and other commands never pay for it. */
export function lazyCommand(info: CommandInfo, load: () => Promise<CliCommand>): CliCommand {
  return {
    ...info,
    run: async (ctx) => (await load()).run(ctx),
  };
}
