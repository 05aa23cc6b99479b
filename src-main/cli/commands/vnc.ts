import { parseArgs } from 'node:util';
import { requireInstance, vncInfo } from '../../core/api/local-instances';
import { limaHome } from '../../core/api/local-host';
import { CliError, type CliCommand } from '../../common/command';
import { asCliErrors } from './instance-errors';
import { COMMAND_INFO } from './command-info';

export const vncCommand: CliCommand = {
  ...COMMAND_INFO.vnc,
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new CliError(`expected exactly one instance name\nUsage: ${vncCommand.usage}`, 2);
    const home = limaHome(ctx.env);
    const inst = await asCliErrors(() => requireInstance(home, name));
    if (inst.status !== 'Running') {
      throw new CliError(`instance ${JSON.stringify(name)} is ${inst.status}; its display exists only while it runs: run \`limadesk start ${name}\` first`);
    }
    const info = await asCliErrors(() => vncInfo(home, name));
    if (values.json) {
      ctx.stdout(`${JSON.stringify(info)}\n`);
    } else {
      const host = info.host.includes(':') ? `[${info.host}]` : info.host;
      ctx.stdout(`URL:      vnc://${host}:${info.port}\nDisplay:  ${info.display}\nPassword: ${info.password}\n`);
    }
    return 0;
  },
};
