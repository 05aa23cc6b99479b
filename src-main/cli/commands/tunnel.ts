import { CliError, type CliCommand } from '../../common/command';
import { limaHome } from '../../core/api/local-host';
import { openSocksTunnel, tunnelInstructions } from '../../core/api/local-verbs';
import { parseFlags } from './flags';
import { asVerbCliErrors } from './verb-errors';
import { COMMAND_INFO } from './command-info';

export const tunnelCommand: CliCommand = {
  ...COMMAND_INFO.tunnel,
  async run(ctx) {
    const { values, positionals } = parseFlags(ctx.argv, { type: { type: 'string', default: 'socks' }, 'socks-port': { type: 'string', default: '0' } });
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new CliError(`expected exactly one instance name\nUsage: ${tunnelCommand.usage}`, 2);
    if (values.type !== 'socks') throw new CliError(`unknown tunnel type: \`${String(values.type)}\``, 2);
    const port = Number(values['socks-port']);
    if (!Number.isInteger(port)) throw new CliError(`invalid socks port ${JSON.stringify(values['socks-port'])}`, 2);
    ctx.logger.warn('`limadesk tunnel` is experimental');
    const tunnel = await asVerbCliErrors(() => openSocksTunnel(limaHome(ctx.env), name, port));
    ctx.stdout(tunnelInstructions(tunnel));
    return 0;
  },
};
