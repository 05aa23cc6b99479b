import { CliError, type CliCommand } from '../../common/command';
import { limaYamlJsonSchema } from '../../core/api/local-config';
import { COMMAND_INFO } from './command-info';

export const schemaCommand: CliCommand = {
  ...COMMAND_INFO.schema,
  async run(ctx) {
    if (ctx.argv.length > 0) throw new CliError(`unexpected argument "${ctx.argv[0] ?? ''}"`, 2);
    ctx.stdout(`${JSON.stringify(limaYamlJsonSchema(), null, 2)}\n`);
    return 0;
  },
};
