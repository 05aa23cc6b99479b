import { userInfo } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic-write';
import { ConfigDir, SSHConfig, SSHSock, UserPrivateKey } from '../store/filenames';
import { hostnameFor } from '../store/names';

export interface SshConfigInput {
  name: string;
  dir: string;
  limaHome: string;
  user: string | undefined;
  port: number;
}

function quote(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`ssh.config value must not contain a line break: ${JSON.stringify(value)}`);
  return `"${value}"`;
}

/**
 * The text of `<I>/ssh.config` for `ssh -F`, with the options Lima writes. Other tools
 * (and Lima's status rules) read the `Port` line to find the SSH port of a stopped instance.
 */
export function renderSshConfig(input: SshConfigInput): string {
  const user = input.user || userInfo().username;
  const lines = [
    "# This SSH config file can be passed to 'ssh -F'.",
    '# This file is created by Limadesk, but not used by Limadesk itself currently.',
    '# Modifications to this file will be lost on restarting the instance.',
    `Host ${hostnameFor(input.name)}`,
    `  IdentityFile ${quote(path.join(input.limaHome, ConfigDir, UserPrivateKey))}`,
    '  StrictHostKeyChecking no',
    '  UserKnownHostsFile /dev/null',
    '  NoHostAuthenticationForLocalhost yes',
    '  PreferredAuthentications publickey',
    '  Compression no',
    '  BatchMode yes',
    '  IdentitiesOnly yes',
    `  User ${user}`,
    '  ControlMaster auto',
    `  ControlPath ${quote(path.join(input.dir, SSHSock))}`,
    '  ControlPersist yes',
    '  Hostname 127.0.0.1',
    `  Port ${input.port}`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function writeSshConfig(input: SshConfigInput): Promise<string> {
  const file = path.join(input.dir, SSHConfig);
  await writeFileAtomic(file, renderSshConfig(input), 0o644);
  return file;
}
