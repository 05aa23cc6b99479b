import { parseArgs } from 'node:util';
import { printable } from '../../common/cli-text';
import { CliError, type CliCommand } from '../../common/command';
import { validateForStart } from '../../core/api/local-verbs';
import type { ConfigIssue } from '../../core/api/local-config';
import { limaHome } from '../../core/api/local-host';
import { COMMAND_INFO } from './command-info';

/** `FILE:LINE:COL: FIELD: MESSAGE`; warnings carry a `warning: ` prefix and never fail the run. */
export function formatValidateLine(issue: ConfigIssue, fallbackFile: string): string {
  const place = [issue.file ?? fallbackFile, ...(issue.line !== undefined ? [issue.line, issue.col ?? 1] : [])].join(':');
  // printable: a message may quote the file, and the file may hold terminal escape sequences.
  const line = printable(`${place}: ${issue.field || '-'}: ${issue.message.replace(/\n/g, ' ')}`);
  return issue.severity === 'warning' ? `warning: ${line}` : line;
}

export const validateCommand: CliCommand = {
  ...COMMAND_INFO.validate,
  async run(ctx) {
    const files = parseArgs({ args: ctx.argv, allowPositionals: true, options: {} }).positionals;
    if (files.length === 0) throw new CliError('requires at least 1 argument: FILE...', 2);
    const home = limaHome(ctx.env);
    let failed = false;
    for (const file of files) {
      // As limactl validate: the template is embedded (base:, file: scripts) and the result validated,
      // with what create and start check besides (the driver's checks).
      const { issues } = await validateForStart(file, { limaHome: home, env: ctx.env, warn: true });
      for (const issue of issues) ctx.stdout(`${formatValidateLine(issue, file)}\n`);
      if (issues.some((i) => i.severity === 'error')) failed = true;
      else ctx.logger.info(`"${file}" is valid`);
    }
    return failed ? 1 : 0;
  },
};
