import { writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadLimaYaml } from '../../config/load';
import { createDriver } from '../../driver/registry';
import { HostAgent } from '../../hostagent/agent';
import { createJsonLogger } from '../../hostagent/json-logger';
import { qmpAnswers } from '../../hostagent/qmp-ready';
import { limaHome } from '../../store/lima-home';
import { instanceDir } from '../../store/names';
import { CliError, type CliCommand } from '../command';

/**
 * The host agent's entry, run detached by `limadesk start` (or the app) with stdout and
 * stderr already pointing at ha.stdout.log and ha.stderr.log. Not meant to be typed by hand.
 */
export const hostagentCommand: CliCommand = {
  name: 'hostagent',
  summary: 'Run the host agent of an instance (internal)',
  usage: 'limadesk hostagent --pidfile <I>/ha.pid --socket <I>/ha.sock NAME',
  hidden: true,
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
    const home = limaHome(ctx.env);
    const logger = createJsonLogger('debug');
    const agent = new HostAgent(
      { limaHome: home, name, dir: instanceDir(home, name), pidFile: path.resolve(values.pidfile), socketPath: path.resolve(values.socket) },
      {
        loadConfig: loadLimaYaml,
        createDriver,
        qmpAnswers,
        logger,
        // Synchronous: an event must be in ha.stdout.log before anyone is told about its effects.
        writeEvent: (line) => void writeSync(1, line),
      },
    );
    const onSignal = (signal: NodeJS.Signals): void => agent.requestStop(signal);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // Our terminal (if any) going away must not take the VM with it.
    process.on('SIGHUP', () => logger.info('ignoring SIGHUP'));
    try {
      return await agent.run();
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
