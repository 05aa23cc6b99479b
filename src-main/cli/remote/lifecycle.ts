import { parseArgs } from 'node:util';
import type { ApiEventEnvelope } from '../../common/api';
import { CliError, type CliContext } from '../../common/command';
import { createProgressPrinter } from '../commands/download-progress';
import { withHost } from './host-connection';

/** `start`, `stop`, `restart` and `delete` with `--host`: the same verbs, run by the host's API. */

function oneName(positionals: string[], usage: string): string {
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new CliError(`expected exactly one instance name\nUsage: ${usage}`, 2);
  return name;
}

/** Boot stages and download progress of `name` as the host pushes them, printed as `limadesk start` prints its own. */
function bootPrinter(ctx: CliContext, name: string): (event: ApiEventEnvelope) => void {
  const progress = createProgressPrinter({ write: ctx.stderr, tty: ctx.isTTY });
  return (event) => {
    if (event.event === 'bootStage' && event.payload.name === name) {
      ctx.stdout(`${event.payload.time} ${event.payload.stage}${event.payload.message ? `: ${event.payload.message}` : ''}\n`);
    } else if (event.event === 'downloadProgress' && event.payload.name === name) {
      progress({ ...event.payload, description: event.payload.url.split('/').pop() ?? event.payload.url });
    }
  };
}

export async function remoteStart(ctx: CliContext, host: string): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.argv, allowPositionals: true, options: { wait: { type: 'string' }, timeout: { type: 'string' } } });
  const name = oneName(positionals, 'limadesk start --host HOST NAME');
  if (values.wait !== undefined || values.timeout !== undefined) throw new CliError('--wait and --timeout are not available with --host: the host starts the instance with its own defaults', 2);
  return withHost(
    ctx,
    host,
    async (remote) => {
      const before = await remote.call('getInstance', { name });
      if (before.status === 'Running') {
        ctx.stderr(`limadesk start: instance ${JSON.stringify(name)} on ${host} is already running\n`);
        return 0;
      }
      const { instance } = await remote.call('startInstance', { name });
      ctx.stdout(`READY. Instance ${JSON.stringify(name)} is running on ${host} (SSH port ${instance.sshLocalPort} there)\n`);
      if (instance.message) ctx.stdout(`${instance.message}\n`);
      return 0;
    },
    bootPrinter(ctx, name),
  );
}

export async function remoteStop(ctx: CliContext, host: string): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.argv, allowPositionals: true, options: { force: { type: 'boolean', short: 'f', default: false }, timeout: { type: 'string' } } });
  const name = oneName(positionals, 'limadesk stop --host HOST NAME [--force]');
  if (values.timeout !== undefined) throw new CliError('--timeout is not available with --host: the host stops the instance with its own timeout', 2);
  return withHost(
    ctx,
    host,
    async (remote) => {
      const { instance } = await remote.call('stopInstance', { name, force: values.force });
      ctx.stdout(`Instance ${JSON.stringify(name)} on ${host} is ${instance.status}\n`);
      return 0;
    },
    bootPrinter(ctx, name),
  );
}

export async function remoteRestart(ctx: CliContext, host: string): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.argv, allowPositionals: true, strict: false, options: { force: { type: 'boolean', short: 'f' } } });
  const unknown = Object.keys(values).filter((k) => k !== 'force');
  if (unknown.length > 0) throw new CliError(`${unknown.map((k) => `--${k}`).join(', ')}: edit flags are not available with --host; edit the instance's lima.yaml on the host first`, 2);
  const name = oneName(positionals.filter((p): p is string => typeof p === 'string'), 'limadesk restart --host HOST NAME [--force]');
  return withHost(
    ctx,
    host,
    async (remote) => {
      if (values.force === true) {
        const current = await remote.call('getInstance', { name });
        if (current.status === 'Running') await remote.call('stopInstance', { name, force: true });
        const { instance } = await remote.call('startInstance', { name });
        ctx.stdout(`READY. Instance ${JSON.stringify(name)} is running on ${host} (SSH port ${instance.sshLocalPort} there)\n`);
        return 0;
      }
      const { instance } = await remote.call('restartInstance', { name });
      ctx.stdout(`READY. Instance ${JSON.stringify(name)} is running on ${host} (SSH port ${instance.sshLocalPort} there)\n`);
      return 0;
    },
    bootPrinter(ctx, name),
  );
}

export async function remoteDelete(ctx: CliContext, host: string): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.argv, allowPositionals: true, options: { force: { type: 'boolean', short: 'f', default: false } } });
  if (positionals.length === 0) throw new CliError('expected at least one instance name, usage: limadesk delete --host HOST [-f|--force] NAME...', 2);
  return withHost(ctx, host, async (remote) => {
    for (const name of positionals) {
      // The question a page would ask is the user's typing of this command.
      const result = await remote.try('deleteInstance', { name, force: values.force, confirmed: true });
      if (result.ok) {
        ctx.logger.info(`Deleted ${JSON.stringify(name)} on ${host}`);
      } else if (result.code === 'not-found') {
        ctx.logger.warn(`Ignoring non-existent instance ${JSON.stringify(name)} on ${host}`);
      } else {
        throw new CliError(`failed to delete instance ${JSON.stringify(name)} on ${host}: ${result.message}`);
      }
    }
    return 0;
  });
}
