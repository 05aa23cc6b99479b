import path from 'node:path';
import type { HostSettings } from '../../../common/api';

/**
 * The argv of every `ssh` run for a host. OpenSSH does the connecting, with the user's own
 * ssh configuration and known_hosts (or the file `sshConfig` names), never a shell: these
 * lists go to spawn as they are. What is forced on top of the user's configuration:
 *
 * - BatchMode: no prompt can block a background connection (keys and agents only);
 * - StrictHostKeyChecking `yes`, or `accept-new` only when the user adds the host: an unknown
 *   key is then recorded, a changed key is refused either way (OpenSSH's own rules);
 * - no agent or X11 forwarding, no forwards from the configuration, no LocalCommand or
 *   RemoteCommand, no escape character: the session carries our messages and nothing else;
 * - keep-alives, so a dead network shows within about 45 s.
 */

export const DEFAULT_REMOTE_COMMAND = 'limadesk';

export type HostKeyPolicy = 'known-only' | 'accept-new';

/** `~/x` as the user's home directory would have it; ssh does not expand `-F`'s argument. */
function expandHome(file: string, homeDir: string): string {
  return file.startsWith('~/') ? path.join(homeDir, file.slice(2)) : file;
}

/** The options that choose where and as whom: configuration file, port, key. */
function targetOptions(settings: HostSettings, homeDir: string): string[] {
  const argv: string[] = [];
  if (settings.sshConfig) argv.push('-F', expandHome(settings.sshConfig, homeDir));
  if (settings.port !== undefined) argv.push('-p', String(settings.port));
  if (settings.identity) argv.push('-i', expandHome(settings.identity, homeDir));
  return argv;
}

const SESSION_OPTIONS = [
  'BatchMode=yes',
  'ForwardAgent=no',
  'ForwardX11=no',
  'PermitLocalCommand=no',
  'RemoteCommand=none',
  'ClearAllForwardings=yes',
  'ServerAliveInterval=15',
  'ServerAliveCountMax=3',
  'ConnectTimeout=20',
].flatMap((o) => ['-o', o]);

/** ssh reads `%` in ControlPath as a token. */
function controlPathOption(controlPath: string): string {
  return `ControlPath=${controlPath.replace(/%/g, '%%')}`;
}

/** The command line the remote login shell runs: the configured command and fixed words. */
export function remoteCommandLine(settings: HostSettings, words: readonly string[]): string {
  return [settings.remoteCommand?.trim() || DEFAULT_REMOTE_COMMAND, ...words].join(' ');
}

export interface ServeArgvOptions {
  hostKeys: HostKeyPolicy;
  /** The master's control socket, for the forwards of console and terminal sessions. */
  controlPath: string;
  homeDir: string;
}

/** `ssh … DEST 'limadesk serve --stdio'`, as the master of its own control socket. */
export function serveArgv(settings: HostSettings, options: ServeArgvOptions): string[] {
  return [
    ...targetOptions(settings, options.homeDir),
    ...SESSION_OPTIONS,
    '-o',
    `StrictHostKeyChecking=${options.hostKeys === 'accept-new' ? 'accept-new' : 'yes'}`,
    '-o',
    'ControlMaster=yes',
    '-o',
    controlPathOption(options.controlPath),
    '-o',
    'ControlPersist=no',
    '-e',
    'none',
    '-T',
    '--',
    settings.destination,
    remoteCommandLine(settings, ['serve', '--stdio']),
  ];
}

/**
 * `ssh … DEST 'limadesk WORDS…'`: a command of the remote CLI run by the remote login shell
 * (the words quoted for it), with a terminal when `tty`.
 */
export function remoteCliArgv(settings: HostSettings, words: readonly string[], options: { tty: boolean; homeDir: string }): string[] {
  return [
    ...targetOptions(settings, options.homeDir),
    ...SESSION_OPTIONS,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'ControlMaster=no',
    options.tty ? '-t' : '-T',
    '--',
    settings.destination,
    remoteCommandLine(settings, words.map(shellWord)),
  ];
}

/** One word for a POSIX shell: as it is when it is plain, single-quoted otherwise. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `ssh … DEST 'limadesk --version'`: what a remote that cannot serve has installed. */
export function versionArgv(settings: HostSettings, homeDir: string): string[] {
  return [...targetOptions(settings, homeDir), ...SESSION_OPTIONS, '-o', 'StrictHostKeyChecking=yes', '-o', 'ControlMaster=no', '-T', '--', settings.destination, remoteCommandLine(settings, ['--version'])];
}

/**
 * Asks the running master to forward `localSocket` (a unix socket in the connection's private
 * directory) to the remote's 127.0.0.1:`remotePort`. A socket rather than a port: OpenSSH
 * cannot pick a free local port for -L, and the loopback port in front of it is chosen by
 * this process, with no race against other programs.
 */
export function forwardArgv(settings: HostSettings, options: { controlPath: string; localSocket: string; remotePort: number; homeDir: string }): string[] {
  if (options.localSocket.includes(':')) throw new Error(`a forward's socket path cannot contain ":": ${options.localSocket}`);
  return [
    ...(settings.sshConfig ? ['-F', expandHome(settings.sshConfig, options.homeDir)] : []),
    '-o',
    controlPathOption(options.controlPath),
    '-O',
    'forward',
    '-L',
    `${options.localSocket}:127.0.0.1:${options.remotePort}`,
    '--',
    settings.destination,
  ];
}
