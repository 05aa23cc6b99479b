import path from 'node:path';
import { parseArgs } from 'node:util';
import type { HostSettings } from '../../common/api';
import { hostSettingsProblems } from '../../common/api-validate';
import { CliError, type CliCommand, type CliContext } from '../../common/command';
import { limadeskVersion } from '../../core/api/limadesk-version';
import { canonicalHost, connectHost, DEFAULT_REMOTE_COMMAND, HostConnectError, HostsFileError, hostsFilePath, readHostsFile, updateHostsFile, type HostConnection } from '../../core/api/remote-hosts';
import { findHost } from '../remote/host-connection';
import { COMMAND_INFO } from './command-info';

// The option that sets each field, for messages about a bad value.
const FLAG_OF: Record<string, string> = { name: 'NAME', destination: 'DESTINATION', port: '--port', identity: '--identity', remoteCommand: '--remote-command', sshConfig: '--ssh-config' };

/** A path given on the command line, made absolute (the app reads the file from anywhere). */
function absolute(file: string | undefined): string | undefined {
  if (file === undefined || file.startsWith('~/')) return file;
  return path.resolve(file);
}

async function hostsFileCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof HostsFileError) throw new CliError(err.message);
    throw err;
  }
}

function describeConnection(c: HostConnection, instances: number | undefined): string {
  const where = [c.hello.hostname ? `on ${c.hello.hostname}` : '', c.hello.limaHome ? `LIMA_HOME ${c.hello.limaHome}` : ''].filter(Boolean).join(', ');
  const count = instances === undefined ? '' : `, ${instances} instance${instances === 1 ? '' : 's'}`;
  return `Limadesk ${c.hello.limadesk} (API ${c.hello.api})${where ? ` ${where}` : ''}${count}`;
}

async function instanceCount(c: HostConnection): Promise<number | undefined> {
  const list = await c.api.call('listInstances', {});
  return list.ok && Array.isArray(list.value) ? list.value.length : undefined;
}

async function add(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', short: 'p' },
      identity: { type: 'string', short: 'i' },
      'remote-command': { type: 'string' },
      'ssh-config': { type: 'string', short: 'F' },
      'no-connect': { type: 'boolean', default: false },
    },
  });
  const [name, destination, ...extra] = positionals;
  if (!name || !destination || extra.length > 0) throw new CliError(`expected a name and a destination\nUsage: ${COMMAND_INFO.host.usage}`, 2);
  const port = values.port === undefined ? undefined : /^\d+$/.test(values.port) ? Number(values.port) : values.port;
  const raw: Record<string, unknown> = { name, destination, port, identity: absolute(values.identity), remoteCommand: values['remote-command'], sshConfig: absolute(values['ssh-config']) };
  for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
  const problems = hostSettingsProblems(raw);
  if (problems.length > 0) {
    const named = problems.map((p) => p.replace(/^"(\w+)"/, (_m, field: string) => FLAG_OF[field] ?? field));
    throw new CliError(named.join('\n'), 2);
  }
  const settings = canonicalHost(raw as unknown as HostSettings);
  const file = hostsFilePath(ctx.env);
  const existing = await hostsFileCall(() => readHostsFile(file));
  if (existing.some((h) => h.name === name)) throw new CliError(`a host named ${JSON.stringify(name)} exists already (\`limadesk host remove ${name}\` first to change it)`);

  if (!values['no-connect']) {
    let connection: HostConnection;
    try {
      // Adding a host is when its key may be learned: a new one is recorded, a changed one refused.
      connection = await connectHost(settings, { hostKeys: 'accept-new', limadeskVersion: limadeskVersion(), logger: ctx.logger });
    } catch (err) {
      if (err instanceof HostConnectError) throw new CliError(`cannot add host ${JSON.stringify(name)}: ${err.message}\n(nothing was saved; --no-connect saves it without connecting)`);
      throw err;
    }
    try {
      for (const note of connection.notes) ctx.logger.info(note);
      ctx.stdout(`Connected to ${settings.destination}: ${describeConnection(connection, await instanceCount(connection))}\n`);
    } finally {
      await connection.close();
    }
  }
  await hostsFileCall(() =>
    updateHostsFile(file, (hosts) => {
      if (hosts.some((h) => h.name === name)) throw new CliError(`a host named ${JSON.stringify(name)} exists already`);
      return [...hosts, settings];
    }),
  );
  ctx.stdout(`Host ${JSON.stringify(name)} added (${file})\n`);
  return 0;
}

/** Columns padded to their widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join('').trimEnd()).join('\n') + '\n';
}

async function list(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const hosts = await hostsFileCall(() => readHostsFile(hostsFilePath(ctx.env)));
  if (values.json) {
    ctx.stdout(`${JSON.stringify(hosts)}\n`);
  } else if (hosts.length === 0) {
    ctx.logger.info('No hosts yet: `limadesk host add NAME USER@HOST` adds one.');
  } else {
    const rows = [['NAME', 'DESTINATION', 'PORT', 'IDENTITY', 'REMOTE COMMAND']];
    for (const h of hosts) rows.push([h.name, h.destination, h.port ? String(h.port) : '-', h.identity ?? '-', h.remoteCommand ?? DEFAULT_REMOTE_COMMAND]);
    ctx.stdout(table(rows));
  }
  return 0;
}

async function remove(ctx: CliContext, argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length === 0) throw new CliError(`expected at least one host name\nUsage: ${COMMAND_INFO.host.usage}`, 2);
  const file = hostsFilePath(ctx.env);
  let missing: string[] = [];
  await hostsFileCall(() =>
    updateHostsFile(file, (hosts) => {
      missing = positionals.filter((n) => !hosts.some((h) => h.name === n));
      return hosts.filter((h) => !positionals.includes(h.name));
    }),
  );
  for (const n of positionals) if (!missing.includes(n)) ctx.logger.info(`Host ${JSON.stringify(n)} removed (its VMs keep running there)`);
  if (missing.length > 0) throw new CliError(`no host named ${missing.map((n) => JSON.stringify(n)).join(', ')}`);
  return 0;
}

async function check(ctx: CliContext, argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new CliError(`expected one host name\nUsage: ${COMMAND_INFO.host.usage}`, 2);
  const settings = await findHost(ctx, name);
  let connection: HostConnection;
  try {
    connection = await connectHost(settings, { hostKeys: 'known-only', limadeskVersion: limadeskVersion(), logger: ctx.logger });
  } catch (err) {
    if (err instanceof HostConnectError) throw new CliError(`host ${JSON.stringify(name)} is unreachable (${err.problem}): ${err.message}`);
    throw err;
  }
  try {
    ctx.stdout(`Host ${JSON.stringify(name)} is reachable: ${describeConnection(connection, await instanceCount(connection))}\n`);
  } finally {
    await connection.close();
  }
  return 0;
}

export const hostCommand: CliCommand = {
  ...COMMAND_INFO.host,
  async run(ctx) {
    const [sub, ...rest] = ctx.argv;
    switch (sub) {
      case 'add':
        return add(ctx, rest);
      case 'list':
      case 'ls':
        return list(ctx, rest);
      case 'remove':
      case 'rm':
        return remove(ctx, rest);
      case 'check':
        return check(ctx, rest);
      default:
        throw new CliError(`expected add, list, remove or check${sub ? `, got ${JSON.stringify(sub)}` : ''}\nUsage: ${COMMAND_INFO.host.usage}`, 2);
    }
  },
};
