import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { constants } from 'node:os';
import { requireInstance } from '../../core/api/local-instances';
import { limaHome } from '../../core/api/local-host';
import { SSHConfig } from '../../core/api/local-instances';
import { hostnameFor } from '../../core/api/local-instances';
import { CliError, type CliCommand } from '../../common/command';
import { asCliErrors } from './instance-errors';
import { COMMAND_INFO } from './command-info';

/** Quotes one word for the guest's POSIX shell, as limactl does, so each argument stays one word. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The argv for the system ssh: the instance's own ssh.config, its host alias, then the command. */
export function sshArgv(sshConfig: string, name: string, command: readonly string[], interactive: boolean): string[] {
  const argv = ['-F', sshConfig];
  if (interactive) argv.push('-t');
  argv.push(hostnameFor(name));
  if (command.length > 0) argv.push('--', command.map(shellQuote).join(' '));
  return argv;
}

async function runSsh(argv: string[]): Promise<number> {
  // Ctrl-C belongs to the remote shell: ssh receives it from the terminal, this process waits.
  const ignore = (): void => {};
  process.on('SIGINT', ignore);
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn('ssh', argv, { stdio: 'inherit' });
      child.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'ENOENT' ? new CliError('the ssh command was not found; install an OpenSSH client (Debian: apt-get install openssh-client)') : err),
      );
      child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
  } finally {
    process.off('SIGINT', ignore);
  }
}

export const shellCommand: CliCommand = {
  ...COMMAND_INFO.shell,
  async run(ctx) {
    // Everything after the name is the guest's command, options included (`shell vm ls -la`);
    // a `--` right after the name is optional.
    const [name, ...rest] = ctx.argv;
    const command = rest[0] === '--' ? rest.slice(1) : rest;
    if (!name || name.startsWith('-')) throw new CliError(`expected an instance name\nUsage: ${shellCommand.usage}`, 2);
    const inst = await asCliErrors(() => requireInstance(limaHome(ctx.env), name));
    if (inst.status !== 'Running') {
      throw new CliError(`instance ${JSON.stringify(name)} is not running (status ${inst.status}); run \`limadesk start ${name}\` first`);
    }
    const sshConfig = path.join(inst.dir, SSHConfig);
    if (!existsSync(sshConfig)) throw new CliError(`${sshConfig} does not exist yet (the host agent writes it at start)`);
    return runSsh(sshArgv(sshConfig, name, command, process.stdin.isTTY === true));
  },
};
