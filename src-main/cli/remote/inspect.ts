import { parseArgs } from 'node:util';
import type { InstanceSummary, LogName } from '../../common/api';
import { CliError, type CliContext } from '../../common/command';
import { forwardsTable } from '../commands/ports';
import { untilInterrupted, withHost } from './host-connection';

/** `list`, `snapshot`, `logs` and `ports` with `--host`, from the host's API. */

const GiB = 1024 ** 3;
const size = (bytes: number): string => (bytes >= GiB ? `${Math.round((bytes / GiB) * 10) / 10}GiB` : `${Math.round(bytes / 1024 ** 2)}MiB`);

/** Columns padded to their widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 4))).join('').trimEnd()).join('\n') + '\n';
}

export async function remoteList(ctx: CliContext, host: string): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.argv, allowPositionals: true, options: { json: { type: 'boolean', default: false }, quiet: { type: 'boolean', short: 'q', default: false }, 'all-fields': { type: 'boolean', default: false } } });
  if (values.quiet && values.json) throw new CliError('option --quiet can only be used with the table format', 2);
  return withHost(ctx, host, async (remote) => {
    const all = (await remote.call('listInstances', {})).map((i): InstanceSummary => ({ ...i, host }));
    const chosen = positionals.length === 0 ? all : all.filter((i) => positionals.includes(i.name));
    const unmatched = positionals.filter((n) => !all.some((i) => i.name === n));
    for (const n of unmatched) ctx.logger.warn(`No instance matching ${n} found on ${host}.`);
    if (values.quiet) for (const inst of chosen) ctx.stdout(`${inst.name}\n`);
    else if (values.json) ctx.stdout(`${JSON.stringify(chosen)}\n`);
    else if (all.length === 0) ctx.logger.warn(`No instance found on ${host}.`);
    else if (chosen.length > 0) {
      const rows = [['NAME', 'STATUS', 'SSH', 'ARCH', 'CPUS', 'MEMORY', 'DISK', 'DIR']];
      for (const i of chosen) rows.push([i.name, i.status, i.sshLocalPort ? `127.0.0.1:${i.sshLocalPort}` : '-', i.arch, String(i.cpus), size(i.memory), size(i.disk), i.dir]);
      ctx.stdout(table(rows));
    }
    if (unmatched.length > 0) throw new CliError('unmatched instances');
    return 0;
  });
}

const SNAPSHOT_OPS: Record<string, 'create' | 'apply' | 'delete' | 'list'> = { create: 'create', save: 'create', apply: 'apply', load: 'apply', delete: 'delete', del: 'delete', list: 'list', ls: 'list' };

export async function remoteSnapshot(ctx: CliContext, host: string): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.argv, allowPositionals: true, options: { tag: { type: 'string', default: '' }, quiet: { type: 'boolean', short: 'q', default: false } } });
  const [opName, name, ...extra] = positionals;
  const op = opName ? SNAPSHOT_OPS[opName] : undefined;
  const usage = 'limadesk snapshot --host HOST (create|apply|delete|list) NAME [--tag TAG] [--quiet]';
  if (!op) throw new CliError(`expected one of create|save, apply|load, delete|del, list|ls\nUsage: ${usage}`, 2);
  if (!name || extra.length > 0) throw new CliError(`expected exactly one instance name\nUsage: ${usage}`, 2);
  if (op !== 'list' && !values.tag) throw new CliError('expected tag', 2);
  return withHost(ctx, host, async (remote) => {
    if (op === 'list') {
      const { snapshots } = await remote.call('listSnapshots', { name });
      if (values.quiet) for (const s of snapshots) ctx.stdout(`${s.tag}\n`);
      else if (snapshots.length > 0) ctx.stdout(table([['TAG', 'VM SIZE', 'DATE'], ...snapshots.map((s) => [s.tag, s.vmStateSize || '-', s.date])]));
      return 0;
    }
    const method = op === 'create' ? 'createSnapshot' : op === 'apply' ? 'applySnapshot' : 'deleteSnapshot';
    await remote.call(method, { name, tag: values.tag });
    return 0;
  });
}

// The most of a log one request brings; what is older is left out, and said so.
const LOG_BYTES = 16 * 1024 * 1024;

export async function remoteLogs(ctx: CliContext, host: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: ctx.argv,
    allowPositionals: true,
    options: { serial: { type: 'boolean', default: false }, events: { type: 'boolean', default: false }, follow: { type: 'boolean', short: 'f', default: false } },
  });
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new CliError('expected exactly one instance name\nUsage: limadesk logs --host HOST NAME [--serial | --events] [--follow]', 2);
  if (values.serial && values.events) throw new CliError('--serial and --events cannot be combined', 2);
  const log: LogName = values.serial ? 'serial' : values.events ? 'ha.stdout' : 'ha.stderr';
  // Lines pushed while the first read is under way are held back until it is printed.
  let printed = false;
  const held: string[] = [];
  const onLines = (lines: string[]): void => {
    const text = lines.map((l) => `${l}\n`).join('');
    if (printed) ctx.stdout(text);
    else held.push(text);
  };
  return withHost(
    ctx,
    host,
    async (remote) => {
      const { text, truncated } = await remote.call('readLog', { name, log, maxBytes: LOG_BYTES });
      if (truncated) ctx.logger.warn(`only the last ${LOG_BYTES / 1024 / 1024} MiB of the log are shown`);
      if (!values.follow && text === '') throw new CliError(`instance ${JSON.stringify(name)} on ${host} has no such log yet; it is written once the instance starts`);
      ctx.stdout(text);
      if (!values.follow) return 0;
      printed = true;
      for (const t of held.splice(0)) ctx.stdout(t);
      const interrupted = untilInterrupted();
      try {
        await Promise.race([interrupted.promise, remote.connection.closed.then((why) => Promise.reject(new CliError(`host ${host}: ${why.message}`)))]);
      } finally {
        interrupted.dispose();
      }
      return 0;
    },
    (event) => {
      if (values.follow && event.event === 'logLines' && event.payload.name === name && event.payload.log === log) onLines(event.payload.lines);
    },
  );
}

export async function remotePorts(ctx: CliContext, host: string): Promise<number> {
  const parsed = parseArgs({ args: ctx.argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  const [name, ...extra] = parsed.positionals;
  if (!name || extra.length > 0) throw new CliError('expected exactly one instance name\nUsage: limadesk ports --host HOST NAME [--json]', 2);
  return withHost(ctx, host, async (remote) => {
    const inst = await remote.call('getInstance', { name });
    if (inst.status !== 'Running') throw new CliError(`instance ${JSON.stringify(name)} on ${host} is ${inst.status}: forwards exist only while it runs`);
    const { forwards } = await remote.call('listPortForwards', { name });
    if (parsed.values.json) ctx.stdout(`${JSON.stringify(forwards)}\n`);
    else if (forwards.length === 0) ctx.logger.info(`No forwards yet on ${host} (the guest listens on nothing forwardable, or SSH is not up).`);
    // The host addresses are the host's own, not this machine's.
    else ctx.stdout(forwardsTable(forwards));
    return 0;
  });
}
