import { homedir } from 'node:os';
import { CliError, type CliCommand } from '../../common/command';
import { limaHome } from '../../core/api/local-host';
import { formatIssue } from '../../core/api/local-config';
import { InstanceCatalog } from '../../core/api/local-instances';
import { editFlagExpressions, editInstance } from '../../core/api/local-verbs';
import { EDIT_FLAG_OPTIONS, EDIT_SLICE_FLAGS, editFlagsFrom } from './edit-flag-options';
import { parseFlags } from './flags';
import { ask, restartFromCli, startFromCli } from './verb-support';
import { asVerbCliErrors } from './verb-errors';
import { COMMAND_INFO } from './command-info';

export const editCommand: CliCommand = {
  ...COMMAND_INFO.edit,
  async run(ctx) {
    const { values, positionals } = parseFlags(ctx.argv, { ...EDIT_FLAG_OPTIONS, start: { type: 'boolean' } }, EDIT_SLICE_FLAGS);
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new CliError(`expected exactly one instance name\nUsage: ${editCommand.usage}`, 2);
    const catalog = new InstanceCatalog(limaHome(ctx.env), { logger: ctx.logger });
    const before = await asVerbCliErrors(() => catalog.inspect(name));
    const { expressions, warnings } = await asVerbCliErrors(async () =>
      editFlagExpressions(editFlagsFrom(values), { homeDir: homedir(), cwd: process.cwd(), ...(before.config?.param ? { params: before.config.param } : {}) }),
    );
    for (const w of warnings) ctx.logger.warn(w);
    if (expressions.length === 0) throw new CliError(`nothing to change: give --set EXPR or an edit flag (Limadesk opens no editor; the dashboard's Config tab edits the text)\nUsage: ${editCommand.usage}`, 2);
    const result = await asVerbCliErrors(() => editInstance(catalog, name, expressions));
    if (!result.changed) {
      ctx.logger.info('Aborting, no changes made to the instance');
      return 0;
    }
    for (const w of result.warnings) ctx.logger.warn(formatIssue(w));
    ctx.logger.info(`Instance ${JSON.stringify(name)} configuration edited`);
    const start = values.start as boolean | undefined;
    if (result.restartNeeded) {
      // Lima refuses to edit a running instance; Limadesk edits it and offers the restart that applies the change.
      if (start ?? (await ask(ctx, 'The instance is running; restart it now to apply the change?', false))) await restartFromCli(ctx, name, false);
      else ctx.logger.info(`The change applies at the next start: \`limadesk restart ${name}\``);
    } else if (start ?? (await ask(ctx, 'Do you want to start the instance now?', false))) {
      await startFromCli(ctx, name);
    }
    return 0;
  },
};
