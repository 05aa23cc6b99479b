import { COMMANDS } from './commands/index';
import { argsErrorText, closestWord, printable } from '../common/cli-text';
import { CliError, type CliCommand, type CliContext } from '../common/command';
import { createStderrLogger } from '../core/api/local-host';
import { limadeskVersion } from '../core/api/limadesk-version';
import { takeHostOption } from './host-option';
import { REMOTE_COMMANDS } from './remote/index';

function findCommand(commands: readonly CliCommand[], name: string): CliCommand | undefined {
  return commands.find((c) => c.name === name || c.aliases?.includes(name));
}

function helpText(commands: readonly CliCommand[]): string {
  const shown = commands.filter((c) => !c.hidden);
  const width = Math.max(...shown.map((c) => c.name.length)) + 2;
  const rows = shown.map((c) => `  ${c.name.padEnd(width)}${c.summary}`);
  return `Usage: limadesk COMMAND [OPTIONS]\n\nCommands:\n${rows.join('\n')}\n\nRun 'limadesk COMMAND --help' for a command's options.\n`;
}

/**
 * Runs one `limadesk …` command line. `extraCommands` are the commands other doors bring
 * (`serve`, from browser mode), listed after the CLI's own.
 */
export async function runCli(argv: string[], overrides: Partial<CliContext> = {}, extraCommands: readonly CliCommand[] = []): Promise<number> {
  const commands = [...COMMANDS, ...extraCommands];
  const stdout = overrides.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = overrides.stderr ?? ((t: string) => void process.stderr.write(t));
  const [name, ...rest] = argv;
  if (name === '--version' || name === 'version') {
    // limactl's wording, so scripts that read one read the other.
    stdout(`limadesk version ${limadeskVersion()}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    stdout(helpText(commands));
    return name ? 0 : 2;
  }
  const command = findCommand(commands, name);
  if (!command) {
    const names = commands.filter((c) => !c.hidden).flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    const hint = closestWord(name, names);
    const shown = JSON.stringify(printable(name));
    stderr(`limadesk: unknown command ${shown}; ${hint ? `did you mean \`${hint}\`? (\`limadesk help\` lists all commands)` : '`limadesk help` lists all commands'}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    stdout(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  const debug = rest.includes('--debug');
  // What is printed may quote a user's file, which may hold terminal escape sequences.
  const say = (text: string) => stderr(printable(text));
  // `--host NAME` sends an instance command to another host's API over SSH (cli/remote);
  // `serve --host` is the address serve binds, and `host` manages the hosts themselves.
  let host: string | undefined;
  let args = rest;
  if (command.name !== 'serve' && command.name !== 'host') {
    const remote = REMOTE_COMMANDS[command.name];
    try {
      ({ host, rest: args } = takeHostOption(rest, remote?.untilPositional ? { untilPositional: true } : {}));
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      say(`limadesk ${command.name}: ${err.message}\nUsage: ${command.usage}\n`);
      return err.exitCode;
    }
    if (host !== undefined && !remote) {
      say(`limadesk ${command.name}: --host is not available for this command (it is for ${Object.keys(REMOTE_COMMANDS).join(', ')})\n`);
      return 2;
    }
  }
  const ctx: CliContext = {
    argv: args.filter((a) => a !== '--debug'),
    env: process.env,
    stdout,
    stderr,
    logger: createStderrLogger(debug ? 'debug' : 'info', (line) => stderr(line)),
    isTTY: Boolean(process.stdout.isTTY),
    columns: process.stdout.isTTY ? process.stdout.columns ?? 0 : 0,
    ...overrides,
  };
  try {
    if (host !== undefined) return await (await REMOTE_COMMANDS[command.name]!.run())(ctx, host);
    return await command.run(ctx);
  } catch (err) {
    const argsProblem = argsErrorText(err, command.usage);
    if (argsProblem !== undefined) {
      say(`limadesk ${command.name}: ${argsProblem}\nUsage: ${command.usage}\n`);
      return 2;
    }
    if (err instanceof CliError) {
      say(`limadesk ${command.name}: ${err.message}\n`);
      return err.exitCode;
    }
    // Anything else is a bug: say so plainly, with the stack only under --debug.
    const e = err instanceof Error ? err : new Error(String(err));
    say(`limadesk ${command.name}: ${e.message}\n${debug ? `${e.stack ?? ''}\n` : ''}`);
    return 1;
  }
}
