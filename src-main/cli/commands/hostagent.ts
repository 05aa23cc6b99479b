import { parseArgs } from 'node:util';
import { runHostAgentMain } from '../../core/api/host-agent-main';
import { CliError, type CliCommand } from '../../common/command';
import { COMMAND_INFO } from './command-info';

/**
 * The host agent's entry, run detached by `limadesk start` (or the app) with stdout and
 * stderr already pointing at ha.stdout.log and ha.stderr.log. Not meant to be typed by hand.
 */
export const hostagentCommand: CliCommand = {
  ...COMMAND_INFO.hostagent,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.argv,
      allowPositionals: true,
      options: { pidfile: { type: 'string' }, socket: { type: 'string' } },
    });
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0 || !values.pidfile || !values.socket) {
      throw new CliError(`expected --pidfile, --socket and one instance name\nUsage: ${hostagentCommand.usage}`, 2);
    }
    return runHostAgentMain({ name, pidFile: values.pidfile, socketPath: values.socket, env: ctx.env });
  },
};
