import path from 'node:path';
import { goQuote, instanceNameProblem, limaInstanceNameMessage } from '../../common/instance-name';
import { LongestSock } from './filenames';

/**
 * Instance names as Lima accepts them. A name becomes a directory under `$LIMA_HOME`, a
 * hostname and part of socket paths, so it is checked before any of that happens.
 */

export class InvalidInstanceNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInstanceNameError';
  }
}

export { goQuote };

/** Throws with Lima's message when `name` cannot be an instance name. */
export function validateInstanceName(name: string): void {
  const problem = instanceNameProblem(name);
  if (problem) throw new InvalidInstanceNameError(limaInstanceNameMessage(name, problem));
}

/** UNIX_PATH_MAX: the size of `sun_path`, including its NUL terminator. */
export function unixPathMax(platform: NodeJS.Platform = process.platform): number {
  return platform === 'darwin' || platform.endsWith('bsd') ? 104 : 108;
}

/**
 * Refuses an instance directory whose longest socket path (ssh's ControlMaster socket with
 * its random suffix) would not fit in a unix socket address.
 */
export function validateSocketPathLength(name: string, dir: string, platform: NodeJS.Platform = process.platform): void {
  const longest = path.join(dir, LongestSock);
  const length = Buffer.byteLength(longest);
  const max = unixPathMax(platform);
  if (length >= max) {
    throw new InvalidInstanceNameError(
      `instance name ${goQuote(name)} too long: ${goQuote(longest)} must be less than UNIX_PATH_MAX=${max} characters, but is ${length}`,
    );
  }
}

/** The instance directory for `name`; the name is validated first, so it never escapes `limaHome`. */
export function instanceDir(limaHome: string, name: string): string {
  validateInstanceName(name);
  return path.join(limaHome, name);
}

/** The guest hostname Lima derives from an instance name. */
export function hostnameFor(name: string): string {
  return `lima-${name.replace(/[._]/g, '-')}`;
}
