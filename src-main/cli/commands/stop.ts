import { parseArgs } from 'node:util';
import { agentCommandForThisProcess } from '../../core/api/local-host';
import { describeEvent } from '../../core/api/local-instances';
import { InstanceLifecycle } from '../../core/api/local-instances';
import { limaHome } from '../../core/api/local-host';
import { CliError, type CliCommand } from '../../common/command';
import { parseDurationOption } from './duration-option';
import { asCliErrors } from './instance-errors';
import { COMMAND_INFO } from './command-info';

export const stopCommand: CliCommand = {
  ...COMMAND_INFO.stop,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.argv,
      allowPositionals: true,
      options: { force: { type: 'boolean', short: 'f', default: false }, timeout: { type: 'string' } },
    });
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new CliError(`expected exactly one instance name\nUsage: ${stopCommand.usage}`, 2);
    const timeoutMs = parseDurationOption('--timeout', values.timeout);
    const lifecycle = new InstanceLifecycle(limaHome(ctx.env), { logger: ctx.logger, agent: agentCommandForThisProcess(undefined, ctx.env) });
    const inst = await asCliErrors(() =>
      lifecycle.stop(name, { force: values.force, timeoutMs, onEvent: (e) => ctx.stdout(`${e.time} ${describeEvent(e)}\n`) }),
    );
    ctx.stdout(`Instance ${JSON.stringify(name)} is ${inst.status}\n`);
    return 0;
  },
};
