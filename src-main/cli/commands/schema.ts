import { CliError, type CliCommand } from '../../common/command';
import { limaYamlJsonSchema } from '../../core/api/local-config';

export const schemaCommand: CliCommand = {
  name: 'schema',
  summary: 'Print the JSON Schema of lima.yaml',
  usage: 'limadesk schema',
  async run(ctx) {
    if (ctx.argv.length > 0) throw new CliError(`unexpected argument "${ctx.argv[0] ?? ''}"`, 2);
    ctx.stdout(`${JSON.stringify(limaYamlJsonSchema(), null, 2)}\n`);
    return 0;
  },
};
