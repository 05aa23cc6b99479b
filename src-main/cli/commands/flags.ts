import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from '../../common/command';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs with what Lima's flags allow besides: `--flag=false` and `--flag=true` for
 * boolean flags (pflag's form), `--no-flag`, and comma-separated lists for list flags
 * (`--mount a,b`, pflag's StringSlice). Usage errors exit with 2.
 */
export function parseFlags<O extends Options>(argv: readonly string[], options: O, slices: readonly string[] = []) {
  const booleans = new Set(Object.entries(options).filter(([, o]) => o.type === 'boolean').map(([name]) => name));
  const strings = new Set(Object.entries(options).filter(([, o]) => o.type === 'string').map(([name]) => name));
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([^=]+)=(true|false)$/.exec(arg);
    if (m && booleans.has(m[1]!)) {
      args.push(m[2] === 'true' ? `--${m[1]}` : `--no-${m[1]}`);
      continue;
    }
    // `--size -1`: a negative number is the flag's value (to be refused for what it is), not an option.
    const next = argv[i + 1];
    if (arg.startsWith('--') && strings.has(arg.slice(2)) && next !== undefined && /^-\d/.test(next)) {
      args.push(`${arg}=${next}`);
      i++;
      continue;
    }
    args.push(arg);
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, allowNegative: true, strict: true });
  } catch (err) {
    throw new CliError((err as Error).message, 2);
  }
  const values = parsed.values as Record<string, unknown>;
  for (const name of slices) {
    const v = values[name];
    if (Array.isArray(v)) values[name] = v.flatMap((s: string) => s.split(',')).filter((s) => s !== '');
  }
  return { values: parsed.values, positionals: parsed.positionals };
}
