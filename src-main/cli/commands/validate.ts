import { parseArgs } from 'node:util';
import { CliError, type CliCommand } from '../../common/command';
import { validateTemplate } from '../../core/api/local-config';
import type { ConfigIssue } from '../../core/api/local-config';
import { limaHome } from '../../core/api/local-host';

/** `FILE:LINE:COL: FIELD: MESSAGE`; warnings carry a `warning: ` prefix and never fail the run. */
export function formatValidateLine(issue: ConfigIssue, fallbackFile: string): string {
  const place = [issue.file ?? fallbackFile, ...(issue.line !== undefined ? [issue.line, issue.col ?? 1] : [])].join(':');
  const line = `${place}: ${issue.field || '-'}: ${issue.message.replace(/\n/g, ' ')}`;
  return issue.severity === 'warning' ? `warning: ${line}` : line;
}

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check lima.yaml files and report every problem with its position',
  usage: 'limadesk validate (FILE | template:NAME | URL)...',
  async run(ctx) {
    let files: string[];
    try {
      files = parseArgs({ args: ctx.argv, allowPositionals: true, options: {} }).positionals;
    } catch (err) {
      throw new CliError((err as Error).message, 2);
    }
    if (files.length === 0) throw new CliError('requires at least 1 argument: FILE...', 2);
    const home = limaHome(ctx.env);
    let failed = false;
    for (const file of files) {
      // As limactl validate: the template is embedded (base:, file: scripts) and the result validated.
      const { issues } = await validateTemplate(file, { limaHome: home, env: ctx.env, warn: true });
      for (const issue of issues) ctx.stdout(`${formatValidateLine(issue, file)}\n`);
      if (issues.some((i) => i.severity === 'error')) failed = true;
      else ctx.logger.info(`"${file}" is valid`);
    }
    return failed ? 1 : 0;
  },
};
