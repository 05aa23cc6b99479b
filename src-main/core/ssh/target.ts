import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { ConfigDir, UserPrivateKey } from '../store/filenames';

/** Where and as whom to reach an instance over SSH: what `<I>/ssh.config` says, for ssh2. */
export interface SshTarget {
  host: string;
  port: number;
  user: string;
  /** Lima's identity, `$LIMA_HOME/_config/user` (OpenSSH format, no passphrase). */
  privateKey: Buffer;
}

/** The guest user as Lima's ssh.config names it: lima.yaml's `user.name`, else the host user. */
export function guestUserName(configured: string | undefined): string {
  return configured || userInfo().username;
}

export function limaPrivateKeyPath(limaHome: string): string {
  return path.join(limaHome, ConfigDir, UserPrivateKey);
}

export async function limaSshTarget(args: { limaHome: string; port: number; user: string | undefined }): Promise<SshTarget> {
  const keyFile = limaPrivateKeyPath(args.limaHome);
  let privateKey: Buffer;
  try {
    privateKey = await readFile(keyFile);
  } catch (err) {
    throw new Error(`cannot read the SSH identity ${keyFile}: ${(err as Error).message}`, { cause: err });
  }
  return { host: '127.0.0.1', port: args.port, user: guestUserName(args.user), privateKey };
}
