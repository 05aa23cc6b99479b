import path from 'node:path';
import { LongestSock } from './filenames';

/**
 * Instance names as Lima accepts them. A name becomes a directory under `$LIMA_HOME`, a
 * hostname and part of socket paths, so it is checked before any of that happens.
 */

const MAX_IDENTIFIER_LENGTH = 76;
const IDENTIFIER = /^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$/;
// Go prints the regexp in its messages; keep the same text so errors read like limactl's.
const IDENTIFIER_SOURCE = '^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$';

export class InvalidInstanceNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInstanceNameError';
  }
}

/** Go's `%q`: a double-quoted string with escapes (JSON's escaping covers the printable cases). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Go's `%#q`: backquoted when that needs no escaping, else `%q`. */
function goBackquote(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[`\u0000-\u0008\u000a-\u001f\u007f]/.test(s) ? goQuote(s) : `\`${s}\``;
}

function identifierProblem(name: string): string | undefined {
  if (name === '') return 'identifier must not be empty';
  if (Buffer.byteLength(name) > MAX_IDENTIFIER_LENGTH) {
    return `identifier ${goBackquote(name)} greater than maximum length (${MAX_IDENTIFIER_LENGTH} characters)`;
  }
  if (!IDENTIFIER.test(name)) return `identifier ${goBackquote(name)} must match ${IDENTIFIER_SOURCE}`;
  return undefined;
}

/** Throws with Lima's message when `name` cannot be an instance name. */
export function validateInstanceName(name: string): void {
  const problem = identifierProblem(name);
  if (problem) throw new InvalidInstanceNameError(`instance name ${goQuote(name)} is not a valid identifier: ${problem}`);
  const lower = name.toLowerCase();
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) {
    throw new InvalidInstanceNameError(`instance name ${goQuote(name)} must not end with .yml or .yaml suffix`);
  }
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
