import { homedir } from 'node:os';
import { CliError, type CliCommand } from '../../common/command';
import { limaHome } from '../../core/api/local-host';
import { formatIssue } from '../../core/api/local-config';
import { InstanceCatalog } from '../../core/api/local-instances';
import { editFlagExpressions, editInstance } from '../../core/api/local-verbs';
import { EDIT_FLAG_OPTIONS, EDIT_SLICE_FLAGS, editFlagsFrom } from './edit-flag-options';
import { parseFlags } from './flags';
import { restartFromCli } from './verb-support';
import { asVerbCliErrors } from './verb-errors';
import { COMMAND_INFO } from './command-info';

export const restartCommand: CliCommand = {
  ...COMMAND_INFO.restart,
  async run(ctx) {
    const { values, positionals } = parseFlags(ctx.argv, { ...EDIT_FLAG_OPTIONS, force: { type: 'boolean', short: 'f' } }, EDIT_SLICE_FLAGS);
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new CliError(`expected exactly one instance name\nUsage: ${restartCommand.usage}`, 2);
    const catalog = new InstanceCatalog(limaHome(ctx.env), { logger: ctx.logger });
    const inst = await asVerbCliErrors(() => catalog.inspect(name));
    const { expressions, warnings } = await asVerbCliErrors(async () =>
      editFlagExpressions(editFlagsFrom(values), { homeDir: homedir(), cwd: process.cwd(), ...(inst.config?.param ? { params: inst.config.param } : {}) }),
    );
    for (const w of warnings) ctx.logger.warn(w);
    if (expressions.length > 0) {
      const edited = await asVerbCliErrors(() => editInstance(catalog, name, expressions));
      for (const w of edited.warnings) ctx.logger.warn(formatIssue(w));
      if (edited.changed) ctx.logger.info(`Instance ${JSON.stringify(name)} configuration edited`);
    }
    await restartFromCli(ctx, name, values.force === true);
    return 0;
  },
};
