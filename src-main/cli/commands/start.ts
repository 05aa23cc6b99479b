import { parseArgs } from 'node:util';
import { agentCommandForThisProcess } from '../../core/api/local-host';
import { describeEvent } from '../../core/api/local-instances';
import { limaCacheDir } from '../../core/api/local-host';
import { InstanceLifecycle } from '../../core/api/local-instances';
import { limaHome } from '../../core/api/local-host';
import { CliError, type CliCommand } from '../../common/command';
import { createProgressPrinter } from './download-progress';
import { parseDurationOption } from './duration-option';
import { asCliErrors } from './instance-errors';
import { COMMAND_INFO } from './command-info';

export const startCommand: CliCommand = {
  ...COMMAND_INFO.start,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.argv,
      allowPositionals: true,
      options: { wait: { type: 'string', default: 'qemu' }, timeout: { type: 'string' } },
    });
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new CliError(`expected exactly one instance name\nUsage: ${startCommand.usage}`, 2);
    if (values.wait !== 'qemu' && values.wait !== 'ssh') throw new CliError(`--wait must be "qemu" or "ssh", got ${JSON.stringify(values.wait)}`, 2);
    const wait = values.wait;
    const timeoutMs = parseDurationOption('--timeout', values.timeout);
    const lifecycle = new InstanceLifecycle(limaHome(ctx.env), {
      logger: ctx.logger,
      agent: agentCommandForThisProcess(undefined, ctx.env),
      imageCacheDir: limaCacheDir(ctx.env),
    });
    const result = await asCliErrors(() =>
      lifecycle.start(name, {
        wait,
        timeoutMs,
        onEvent: (e) => ctx.stdout(`${e.time} ${describeEvent(e)}\n`),
        // Progress goes to stderr, as limactl's progress bar does, so stdout stays a clean event log.
        onDownloadProgress: createProgressPrinter({ write: ctx.stderr, tty: ctx.isTTY }),
        onImageStage: (stage, message) => ctx.stdout(`${new Date().toISOString()} ${stage === 'image-ready' ? `image ready (${message})` : `downloading ${message}`}\n`),
      }),
    );
    if (result.alreadyRunning) {
      ctx.stderr(`limadesk start: instance ${JSON.stringify(name)} is already running\n`);
      return 0;
    }
    ctx.stdout(`READY. Instance ${JSON.stringify(name)} is running (SSH port ${result.instance.sshLocalPort})\n`);
    // As limactl prints it: a header line, then the message's lines as they are, for copying.
    const message = result.instance.message.replace(/\n+$/, '');
    if (message) ctx.stdout(`Message from the instance ${JSON.stringify(name)}:\n${message}\n`);
    return 0;
  },
};
