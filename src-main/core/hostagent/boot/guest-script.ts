import type { GuestConnection } from '../../ssh/guest-connection';
import { shellWord } from '../../ssh/guest-connection';

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The interpreter a script names on its `#!` line, as Lima reads it; an error says what is wrong. */
export function scriptInterpreter(script: string): string {
  const firstLine = script.split('\n', 1)[0] ?? '';
  if (!firstLine.startsWith('#!')) throw new Error('cannot determine the interpreter: the first line lacks `#!`');
  const interpreter = firstLine.slice(2).trim();
  if (!interpreter) throw new Error('cannot determine the interpreter: the `#!` line is empty');
  return interpreter;
}

/**
 * The command that runs a script the way Lima's host agent does: the interpreter line as the
 * guest's shell reads it, the script itself on standard input. `param:` entries are exported
 * as PARAM_<key> (Lima reads them from the cidata CD with sudo; the host already knows them).
 */
export function scriptCommand(script: string, params: Readonly<Record<string, string>> = {}): string {
  const interpreter = scriptInterpreter(script);
  const assignments = Object.entries(params)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => shellWord(`PARAM_${key}=${value}`));
  return assignments.length > 0 ? `env ${assignments.join(' ')} ${interpreter}` : interpreter;
}

/** Output kept per stream: enough for an error message, bounded for a chatty script. */
const MAX_OUTPUT = 64 * 1024;

function keepTail(text: string): string {
  return text.length > MAX_OUTPUT ? text.slice(-MAX_OUTPUT) : text;
}

/** Runs `command` in the guest with `input` on its standard input, to its end. */
export async function runWithInput(connection: GuestConnection, command: string, input: string | Buffer): Promise<ScriptResult & { stdoutBytes: Buffer }> {
  const channel = await connection.exec(command);
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    let stderr = '';
    let code: number | null = null;
    channel.on('data', (d: Buffer) => out.push(d));
    channel.stderr.on('data', (d: Buffer) => (stderr = keepTail(stderr + d.toString('utf8'))));
    channel.on('exit', (exitCode: number | null) => (code = exitCode));
    channel.on('error', reject);
    channel.on('close', () => {
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, stdout: keepTail(stdoutBytes.toString('utf8')), stderr, stdoutBytes });
    });
    channel.end(input);
  });
}

/** Runs a `#!` script in the guest as the SSH user, its params exported. */
export async function runGuestScript(connection: GuestConnection, script: string, params?: Readonly<Record<string, string>>): Promise<ScriptResult> {
  const { code, stdout, stderr } = await runWithInput(connection, scriptCommand(script, params), script);
  return { code, stdout, stderr };
}
