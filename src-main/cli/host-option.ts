import { CliError } from '../common/command';

/**
 * `--host NAME` (or `--host=NAME`) taken out of a command line, the rest left as the command
 * would have seen it. The scan stops at `--`, and with `untilPositional` at the first word
 * that is not an option (`shell NAME CMD…`: what follows the name is the guest's).
 */
export function takeHostOption(argv: readonly string[], options: { untilPositional?: boolean } = {}): { host: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let host: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--' || (options.untilPositional && !arg.startsWith('-'))) {
      rest.push(...argv.slice(i));
      break;
    }
    let value: string | undefined;
    if (arg === '--host') {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) throw new CliError('--host needs a host name (`limadesk host list` shows them)', 2);
      i++;
    } else if (arg.startsWith('--host=')) {
      value = arg.slice('--host='.length);
      if (value === '') throw new CliError('--host needs a host name (`limadesk host list` shows them)', 2);
    } else {
      rest.push(arg);
      continue;
    }
    if (host !== undefined && host !== value) throw new CliError(`--host is given twice (${JSON.stringify(host)} and ${JSON.stringify(value)})`, 2);
    host = value;
  }
  return { host, rest };
}
