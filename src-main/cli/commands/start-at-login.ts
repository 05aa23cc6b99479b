import { CliError, type CliCommand } from '../../common/command';
import { agentCommandForThisProcess, limaHome } from '../../core/api/local-host';
import { InstanceCatalog } from '../../core/api/local-instances';
import { loginCommandOf, setStartAtLogin, startAtLoginState } from '../../core/api/local-verbs';
import { parseFlags } from './flags';
import { asVerbCliErrors } from './verb-errors';
import { COMMAND_INFO } from './command-info';

export const startAtLoginCommand: CliCommand = {
  ...COMMAND_INFO['start-at-login'],
  async run(ctx) {
    const { values, positionals } = parseFlags(ctx.argv, { enabled: { type: 'boolean', default: true } });
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new CliError(`expected exactly one instance name\nUsage: ${startAtLoginCommand.usage}`, 2);
    const home = limaHome(ctx.env);
    const inst = await asVerbCliErrors(() => new InstanceCatalog(home).inspect(name));
    const enabled = values.enabled !== false;
    const before = await startAtLoginState(name, { env: ctx.env as NodeJS.ProcessEnv });
    if (!enabled && !before.enabled) {
      ctx.logger.info(`The autostart entry for instance ${JSON.stringify(name)} is not registered`);
      return 0;
    }
    const state = await setStartAtLogin(name, inst.dir, enabled, loginCommandOf(agentCommandForThisProcess(undefined, ctx.env), home), { env: ctx.env as NodeJS.ProcessEnv });
    if (state.message) ctx.logger.warn(state.message);
    const verb = enabled ? (before.enabled ? 'updated' : 'created') : 'unregistered';
    ctx.logger.info(`The autostart entry for instance ${JSON.stringify(name)} has been ${verb} (${state.file})`);
    return 0;
  },
};
