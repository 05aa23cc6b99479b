import { parseArgs } from 'node:util';
import { SNAPSHOT_ALIASES, snapshotTags } from '../../core/api/local-instances';
import { InstanceSnapshots } from '../../core/api/local-instances';
import { limaHome } from '../../core/api/local-host';
import { CliError, type CliCommand } from '../../common/command';
import { asCliErrors } from './instance-errors';
import { COMMAND_INFO } from './command-info';

export const snapshotCommand: CliCommand = {
  ...COMMAND_INFO.snapshot,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.argv,
      allowPositionals: true,
      options: { tag: { type: 'string', default: '' }, quiet: { type: 'boolean', short: 'q', default: false } },
    });
    const [opName, name, ...extra] = positionals;
    const op = opName ? SNAPSHOT_ALIASES[opName] : undefined;
    if (!op) throw new CliError(`expected one of create|save, apply|load, delete|del, list|ls\nUsage: ${snapshotCommand.usage}`, 2);
    if (!name || extra.length > 0) throw new CliError(`expected exactly one instance name\nUsage: ${snapshotCommand.usage}`, 2);
    const snapshots = new InstanceSnapshots(limaHome(ctx.env), { logger: ctx.logger });
    if (op === 'list') {
      const table = await asCliErrors(() => snapshots.list(name));
      ctx.stdout(values.quiet ? snapshotTags(table).map((t) => `${t}\n`).join('') : table);
      return 0;
    }
    if (!values.tag) throw new CliError('expected tag', 2);
    const tag = values.tag;
    await asCliErrors(() => (op === 'create' ? snapshots.create(name, tag) : op === 'apply' ? snapshots.apply(name, tag) : snapshots.delete(name, tag)));
    return 0;
  },
};
