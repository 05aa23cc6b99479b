import { execFileSync } from 'node:child_process';

export interface Prerequisite {
  command: string;
  why: string;
  debianPackage: string;
  brewPackage?: string;
}

/** Host tools the real-part tests need; a missing one is a failure with its install command. */
export const PREREQUISITES: Prerequisite[] = [
  { command: 'qemu-system-x86_64', why: 'boots the test guests', debianPackage: 'qemu-system-x86', brewPackage: 'qemu' },
  { command: 'qemu-img', why: 'creates and snapshots disks', debianPackage: 'qemu-utils', brewPackage: 'qemu' },
  { command: 'busybox', why: 'the test guest userland (static)', debianPackage: 'busybox-static' },
  { command: 'chromium', why: 'drives the real renderer in browser-mode tests', debianPackage: 'chromium' },
  { command: 'isoinfo', why: 'reads cidata ISOs back independently', debianPackage: 'genisoimage' },
  // By its full path: /usr/sbin is often off a user's PATH.
  { command: '/usr/sbin/sshd', why: "the test guest's SSH server, with the libraries it loads", debianPackage: 'openssh-server' },
  { command: 'ssh-keygen', why: "makes the Lima user key (_config/user) and the test guest's host key", debianPackage: 'openssh-client' },
  { command: 'dpkg-deb', why: 'unpacks the Debian packages the test guest is built from', debianPackage: 'dpkg' },
];

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Returns the missing prerequisites and the one command that installs them all. */
export function checkPrerequisites(list: Prerequisite[] = PREREQUISITES): { missing: Prerequisite[]; installCommand: string } {
  const missing = list.filter((p) => !onPath(p.command));
  const packages = [...new Set(missing.map((p) => p.debianPackage))];
  return { missing, installCommand: `sudo apt-get install -y ${packages.join(' ')}` };
}
