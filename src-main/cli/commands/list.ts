import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { CliError, type CliCommand, type CliContext } from '../../common/command';
import { InstanceCatalog } from '../../core/api/local-instances';
import type { Instance } from '../../core/api/local-instances';
import { limaHome } from '../../core/api/local-host';
import { formatInstanceTable, instanceToJSON } from '../../core/api/local-instances';
import { COMMAND_INFO } from './command-info';

const HOST_ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', arm: 'armv7l', riscv64: 'riscv64', s390x: 's390x', ppc64: 'ppc64le' };

function parse(argv: string[]): { json: boolean; quiet: boolean; allFields: boolean; names: string[] } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      quiet: { type: 'boolean', short: 'q', default: false },
      'all-fields': { type: 'boolean', default: false },
    },
  });
  return { json: values.json, quiet: values.quiet, allFields: values['all-fields'], names: positionals };
}

/** Picks the named instances in argument order; names with no instance are warned about. */
function select(all: Instance[], names: string[], ctx: CliContext): { chosen: Instance[]; unmatched: boolean } {
  if (names.length === 0) return { chosen: all, unmatched: false };
  const chosen: Instance[] = [];
  let unmatched = false;
  for (const name of names) {
    const matches = all.filter((i) => i.name === name);
    if (matches.length === 0) {
      ctx.logger.warn(`No instance matching ${name} found.`);
      unmatched = true;
    }
    chosen.push(...matches);
  }
  return { chosen, unmatched };
}

export const listCommand: CliCommand = {
  ...COMMAND_INFO.list,
  async run(ctx) {
    const opts = parse(ctx.argv);
    if (opts.quiet && opts.json) throw new CliError('option --quiet can only be used with the table format', 2);
    const all = await new InstanceCatalog(limaHome(ctx.env), { logger: ctx.logger }).list();
    const { chosen, unmatched } = select(all, opts.names, ctx);

    if (opts.quiet) {
      for (const inst of chosen) ctx.stdout(`${inst.name}\n`);
    } else if (opts.json) {
      // One array rather than limactl's object-per-line, so the output is a single JSON document.
      ctx.stdout(`${JSON.stringify(chosen.map(instanceToJSON))}\n`);
    } else if (all.length === 0) {
      ctx.logger.warn('No instance found. Run `limadesk create` to create an instance.');
    } else if (chosen.length > 0) {
      ctx.stdout(
        formatInstanceTable(chosen, {
          terminalWidth: ctx.isTTY ? ctx.columns : 0,
          allFields: opts.allFields,
          homeDir: homedir(),
          hostArch: HOST_ARCH[process.arch] ?? process.arch,
        }),
      );
    }
    if (unmatched) throw new CliError('unmatched instances');
    return 0;
  },
};
