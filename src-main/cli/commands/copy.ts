import { CliError, type CliCommand } from '../../common/command';
import { limaHome } from '../../core/api/local-host';
import { copyFiles } from '../../core/api/local-verbs';
import { parseFlags } from './flags';
import { transferPrinter } from './verb-support';
import { asVerbCliErrors } from './verb-errors';
import { COMMAND_INFO } from './command-info';

export const copyCommand: CliCommand = {
  ...COMMAND_INFO.copy,
  async run(ctx) {
    const { values, positionals } = parseFlags(ctx.argv, {
      recursive: { type: 'boolean', short: 'r', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      backend: { type: 'string', default: 'auto' },
    });
    if (positionals.length < 2) throw new CliError(`expected SOURCE... TARGET\nUsage: ${copyCommand.usage}`, 2);
    if (values.backend !== 'auto' && values.backend !== 'sftp') ctx.logger.warn(`--backend=${String(values.backend)}: Limadesk copies over SFTP (the instance's SSH connection)`);
    const target = positionals[positionals.length - 1]!;
    const sources = positionals.slice(0, -1);
    const progress = transferPrinter(ctx, 'Copying');
    const result = await asVerbCliErrors(() =>
      copyFiles(limaHome(ctx.env), sources, target, {
        recursive: values.recursive === true,
        onProgress: (p) => {
          // Small files are done before a progress line would help; big ones report as they go.
          if (p.fileTotal >= 4 * 1024 * 1024 || values.verbose) progress.report(p.file, p.fileBytes, p.fileTotal);
        },
      }),
    ).finally(() => progress.end());
    if (values.verbose) ctx.logger.info(`Copied ${result.files} file(s), ${result.bytes} bytes`);
    return 0;
  },
};
