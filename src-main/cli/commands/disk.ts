import { CliError, type CliCommand, type CliContext } from '../../common/command';
import { limaHome } from '../../core/api/local-host';
import { DiskNotFoundError, DiskStateError, DiskStore, formatByteSize, type DiskEntry } from '../../core/api/local-verbs';
import { parseFlags } from './flags';
import { transferPrinter } from './verb-support';
import { asVerbCliErrors } from './verb-errors';
import { COMMAND_INFO } from './command-info';

/** Lima's `disk list --json` object, plus what the host pays for the disk and who names it. */
function diskJson(d: DiskEntry): Record<string, unknown> {
  return { name: d.name, size: d.size, format: d.format, dir: d.dir, instance: d.instance, instanceDir: d.instanceDir, mountPoint: d.mountPoint, sizeOnDisk: d.sizeOnDisk, referencedBy: d.referencedBy };
}

/** Lima's tabwriter layout (minwidth 4, padding 4): NAME SIZE FORMAT DIR IN-USE-BY. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(4, ...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 4))).join('').trimEnd()).join('\n') + '\n';
}

function store(ctx: CliContext): DiskStore {
  return new DiskStore(limaHome(ctx.env), { logger: ctx.logger });
}

async function create(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { size: { type: 'string' }, format: { type: 'string', default: 'qcow2' } });
  if (positionals.length !== 1) throw new CliError(`expected exactly one disk name\nUsage: ${COMMAND_INFO.disk.usage}`, 2);
  if (values.size === undefined) throw new CliError('required flag "size" not set: give --size, e.g. --size 10GiB', 2);
  const disk = await asVerbCliErrors(() => store(ctx).create(positionals[0]!, values.size as string, values.format as string));
  ctx.logger.info(`Created ${disk.format} disk ${JSON.stringify(disk.name)} with size ${formatByteSize(disk.size)} (${disk.dir})`);
  return 0;
}

async function list(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { json: { type: 'boolean', default: false } });
  const all = await store(ctx).list();
  const chosen: DiskEntry[] = [];
  if (positionals.length === 0) chosen.push(...all);
  for (const name of positionals) {
    const found = all.filter((d) => d.name === name);
    if (found.length === 0) ctx.logger.warn(`No disk matching ${name} found.`);
    chosen.push(...found);
  }
  if (values.json) {
    // One object per line, as limactl prints them.
    for (const d of chosen) ctx.stdout(`${JSON.stringify(diskJson(d))}\n`);
    return 0;
  }
  if (chosen.length === 0) ctx.logger.warn('No disk found. Run `limadesk disk create DISK --size SIZE` to create a disk.');
  ctx.stdout(table([['NAME', 'SIZE', 'FORMAT', 'DIR', 'IN-USE-BY'], ...chosen.map((d) => [d.name, formatByteSize(d.size), d.format, d.dir, d.instance])]));
  return 0;
}

async function remove(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { force: { type: 'boolean', short: 'f', default: false } });
  if (positionals.length === 0) throw new CliError(`expected at least one disk name\nUsage: ${COMMAND_INFO.disk.usage}`, 2);
  const disks = store(ctx);
  for (const name of positionals) {
    let disk: DiskEntry;
    try {
      disk = await asVerbCliErrors(() => disks.inspect(name));
    } catch (err) {
      if ((err as Error).message.includes('does not exist')) {
        ctx.logger.warn(`Ignoring non-existent disk ${JSON.stringify(name)}`);
        continue;
      }
      throw err;
    }
    try {
      await disks.delete(name, { force: values.force === true });
    } catch (err) {
      // Lima skips a disk that stopped instances name, and goes on with the others; one in use is an error.
      if (err instanceof DiskStateError && disk.instance === '') {
        ctx.logger.warn(`Skipping deleting disk ${JSON.stringify(name)}: ${err.message}`);
        ctx.logger.warn(`To delete anyway, run \`limadesk disk delete --force ${name}\``);
        continue;
      }
      if (err instanceof DiskStateError || err instanceof DiskNotFoundError) throw new CliError(err.message);
      throw err;
    }
    ctx.logger.info(`Deleted ${JSON.stringify(name)} (${JSON.stringify(disk.dir)})`);
  }
  return 0;
}

async function resize(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { size: { type: 'string' } });
  if (positionals.length !== 1) throw new CliError(`expected exactly one disk name\nUsage: ${COMMAND_INFO.disk.usage}`, 2);
  if (values.size === undefined) throw new CliError('required flag "size" not set: give --size, e.g. --size 20GiB', 2);
  const disk = await asVerbCliErrors(() => store(ctx).resize(positionals[0]!, values.size as string));
  ctx.logger.info(`Resized disk ${JSON.stringify(disk.name)} to ${formatByteSize(disk.size)} (${disk.dir})`);
  return 0;
}

async function unlock(ctx: CliContext, argv: string[]): Promise<number> {
  const { positionals } = parseFlags(argv, {});
  if (positionals.length === 0) throw new CliError(`expected at least one disk name\nUsage: ${COMMAND_INFO.disk.usage}`, 2);
  for (const name of positionals) {
    const { disk, wasLocked } = await asVerbCliErrors(() => store(ctx).unlock(name));
    if (wasLocked) ctx.logger.info(`Unlocked disk ${JSON.stringify(name)} (${JSON.stringify(disk.dir)})`);
    else ctx.logger.warn(`Ignoring unlocked disk ${JSON.stringify(name)}`);
  }
  return 0;
}

async function importDisk(ctx: CliContext, argv: string[]): Promise<number> {
  const { positionals } = parseFlags(argv, {});
  if (positionals.length !== 2) throw new CliError(`expected DISK and FILE\nUsage: ${COMMAND_INFO.disk.usage}`, 2);
  const [name, file] = positionals as [string, string];
  const progress = transferPrinter(ctx, 'Importing');
  const { disk, method } = await asVerbCliErrors(() => store(ctx).import(name, file, { onBytes: (done, total) => progress.report(file, done, total) })).finally(() => progress.end());
  ctx.logger.info(`Imported ${name} with size ${formatByteSize(disk.size)} (${method === 'reflink' ? 'copy-on-write' : 'copied'})`);
  return 0;
}

const SUBCOMMANDS: Record<string, (ctx: CliContext, argv: string[]) => Promise<number>> = {
  create,
  list,
  ls: list,
  delete: remove,
  rm: remove,
  remove,
  resize,
  unlock,
  import: importDisk,
};

export const diskCommand: CliCommand = {
  ...COMMAND_INFO.disk,
  async run(ctx) {
    const [sub, ...rest] = ctx.argv;
    const run = sub ? SUBCOMMANDS[sub] : undefined;
    if (!run) throw new CliError(`${sub ? `unknown disk command ${JSON.stringify(sub)}` : 'expected a disk command'}\nUsage: ${COMMAND_INFO.disk.usage}`, 2);
    return run(ctx, rest);
  },
};
