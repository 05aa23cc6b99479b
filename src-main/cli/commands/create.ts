import { parseArgs } from 'node:util';
import { printable } from '../../common/cli-text';
import { CliError, type CliCommand } from '../../common/command';
import { resolveTemplate, TemplateEmbedError, TemplateLocatorError } from '../../core/api/local-config';
import { InstanceCatalog } from '../../core/api/local-instances';
import { ConfigInvalidError, InstanceExistsError } from '../../core/api/local-instances';
import { formatIssue } from '../../core/api/local-config';
import { limaHome } from '../../core/api/local-host';
import { InvalidInstanceNameError } from '../../core/api/local-instances';
import { COMMAND_INFO } from './command-info';

export const createCommand: CliCommand = {
  ...COMMAND_INFO.create,
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.argv, allowPositionals: true, options: { name: { type: 'string' } } });
    const [locator, ...extra] = positionals;
    if (!locator || extra.length > 0) throw new CliError(`expected exactly one FILE or template, usage: ${this.usage}`, 2);

    const home = limaHome(ctx.env);
    const template = await resolveTemplate(locator, { limaHome: home, env: ctx.env }).catch((err: unknown) => {
      if (err instanceof TemplateLocatorError || err instanceof TemplateEmbedError) throw new CliError(err.message);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new CliError(`cannot read ${locator}: ${(err as Error).message}`);
      throw err;
    });
    for (const warning of template.warnings) ctx.logger.warn(printable(warning));
    const name = values.name ?? template.name;

    try {
      const { instance, warnings } = await new InstanceCatalog(home, { logger: ctx.logger }).create(name, template.text, {
        sourceName: template.source,
      });
      for (const w of warnings) ctx.logger.warn(printable(formatIssue(w)));
      ctx.logger.info(`Run \`limadesk start ${instance.name}\` to start the instance.`);
      return 0;
    } catch (err) {
      if (err instanceof ConfigInvalidError) throw new CliError(`invalid lima.yaml:\n${err.message}`);
      if (err instanceof InstanceExistsError || err instanceof InvalidInstanceNameError) throw new CliError(err.message);
      throw err;
    }
  },
};
