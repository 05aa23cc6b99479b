import { homedir } from 'node:os';
import { CliError, type CliCommand, type CliContext } from '../../common/command';
import { agentCommandForThisProcess, limaHome } from '../../core/api/local-host';
import { formatIssue } from '../../core/api/local-config';
import { InstanceCatalog } from '../../core/api/local-instances';
import { cloneInstance, editFlagExpressions, loginCommandOf, renameInstance, setStartAtLogin, startAtLoginState } from '../../core/api/local-verbs';
import { EDIT_FLAG_OPTIONS, EDIT_SLICE_FLAGS, editFlagsFrom } from './edit-flag-options';
import { parseFlags } from './flags';
import { ask, startFromCli, transferPrinter } from './verb-support';
import { asVerbCliErrors } from './verb-errors';
import { COMMAND_INFO } from './command-info';

function parse(ctx: CliContext, usage: string) {
  const { values, positionals } = parseFlags(ctx.argv, { ...EDIT_FLAG_OPTIONS, start: { type: 'boolean' } }, EDIT_SLICE_FLAGS);
  if (positionals.length !== 2) throw new CliError(`expected OLDINST and NEWINST\nUsage: ${usage}`, 2);
  const [oldName, newName] = positionals as [string, string];
  return { oldName, newName, start: values.start as boolean | undefined, values: values as Record<string, unknown> };
}

async function expressionsFor(ctx: CliContext, catalog: InstanceCatalog, name: string, values: Record<string, unknown>): Promise<string[]> {
  const params = (await catalog.inspect(name)).config?.param;
  const { expressions, warnings } = await asVerbCliErrors(async () =>
    editFlagExpressions(editFlagsFrom(values), { homeDir: homedir(), cwd: process.cwd(), ...(params ? { params } : {}) }),
  );
  for (const w of warnings) ctx.logger.warn(w);
  return expressions;
}

async function maybeStart(ctx: CliContext, name: string, start: boolean | undefined): Promise<void> {
  const wanted = start ?? (await ask(ctx, 'Do you want to start the instance now?', false));
  if (wanted) await startFromCli(ctx, name);
  else ctx.logger.info(`Run \`limadesk start ${name}\` to start the instance.`);
}

export const cloneCommand: CliCommand = {
  ...COMMAND_INFO.clone,
  async run(ctx) {
    const { oldName, newName, start, values } = parse(ctx, cloneCommand.usage);
    const catalog = new InstanceCatalog(limaHome(ctx.env), { logger: ctx.logger });
    const expressions = await asVerbCliErrors(() => expressionsFor(ctx, catalog, oldName, values));
    const progress = transferPrinter(ctx, 'Copying');
    const result = await asVerbCliErrors(() =>
      cloneInstance(catalog, oldName, newName, { expressions, logger: ctx.logger, onProgress: (p) => p.file !== '' && p.totalBytes >= 16 * 1024 * 1024 && progress.report(p.file, p.doneBytes, p.totalBytes) }),
    ).finally(() => progress.end());
    for (const note of result.notes) ctx.logger.info(`Clone: ${note}`);
    for (const w of result.warnings) ctx.logger.warn(formatIssue(w));
    ctx.logger.info(`Cloned ${JSON.stringify(oldName)} to ${JSON.stringify(newName)} (${result.method === 'reflink' ? 'copy-on-write' : 'full copy'})`);
    await maybeStart(ctx, newName, start);
    return 0;
  },
};

export const renameCommand: CliCommand = {
  ...COMMAND_INFO.rename,
  async run(ctx) {
    const { oldName, newName, start, values } = parse(ctx, renameCommand.usage);
    const home = limaHome(ctx.env);
    const catalog = new InstanceCatalog(home, { logger: ctx.logger });
    const expressions = await asVerbCliErrors(() => expressionsFor(ctx, catalog, oldName, values));
    const login = loginCommandOf(agentCommandForThisProcess(undefined, ctx.env), home);
    const result = await asVerbCliErrors(() =>
      renameInstance(catalog, oldName, newName, {
        expressions,
        logger: ctx.logger,
        afterMove: async () => {
          if (!(await startAtLoginState(oldName).catch(() => ({ enabled: false }))).enabled) return;
          const dir = (await catalog.inspect(newName)).dir;
          await setStartAtLogin(oldName, dir, false, login);
          await setStartAtLogin(newName, dir, true, login);
          ctx.logger.info('The start-at-login entry follows the new name');
        },
      }),
    );
    for (const w of result.warnings) ctx.logger.warn(formatIssue(w));
    await maybeStart(ctx, newName, start);
    return 0;
  },
};
