import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Where OpenSSH's sftp-server lives on the usual systems, after a PATH lookup. */
export const SFTP_SERVER_CANDIDATES = [
  '/usr/libexec/sftp-server', // macOS, OpenWrt
  '/usr/libexec/openssh/sftp-server', // Fedora
  '/usr/lib/sftp-server', // Debian (a link to openssh/sftp-server)
  '/usr/lib/openssh/sftp-server', // Debian
  '/usr/lib/ssh/sftp-server', // Alpine, Arch
];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The host's OpenSSH sftp-server, which serves a reverse-sshfs mount's directory: `sftp-server`
 * on PATH, else the first of the usual places. Undefined when there is none.
 */
export function findSftpServer(envPath = process.env.PATH ?? '', candidates = SFTP_SERVER_CANDIDATES): string | undefined {
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, 'sftp-server');
    if (executable(file)) return file;
  }
  return candidates.find(executable);
}
