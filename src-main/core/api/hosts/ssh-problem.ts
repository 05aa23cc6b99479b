import type { HostProblem } from '../../../common/api';

/** Why a connection to a host failed: the kind, and a message that says what to do. */
export interface HostFailure {
  problem: HostProblem;
  message: string;
}

/** The lines of ssh's (and the remote shell's) stderr worth showing: no blank lines, no art. */
export function meaningfulLines(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^@+$/.test(l));
}

function lastLines(stderr: string, count = 3): string {
  return meaningfulLines(stderr).slice(-count).join(' / ');
}

/**
 * Reads why `ssh … limadesk serve --stdio` ended before the remote said hello: ssh's own
 * words (exit status 255) for the connection, the remote shell's (127: command not found)
 * for the command, the CLI's usage error for one too old to know `serve --stdio`.
 */
export function classifySshExit(input: { code: number | null; signal: string | null; stderr: string; destination: string; remoteCommand: string }): HostFailure {
  const { code, stderr, destination, remoteCommand } = input;
  const said = lastLines(stderr);
  const where = JSON.stringify(destination);
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/.test(stderr)) {
    const fix = /remove with:\s*\n\s*(ssh-keygen [^\n]+)/.exec(stderr)?.[1];
    return {
      problem: 'host-key-changed',
      message: `the host key of ${where} has changed since it was recorded in known_hosts: refused (this could be an attack). Check the new key with the host's administrator${fix ? `, then remove the old one with: ${fix.trim()}` : ''}`,
    };
  }
  if (/No \S+ host key is known for|Host key verification failed/.test(stderr)) {
    return {
      problem: 'host-key-unknown',
      message: `the host key of ${where} is not in known_hosts, and background connections accept no new key: add the host with \`limadesk host add\` (which records it) or connect once with \`ssh ${destination}\``,
    };
  }
  if (/Permission denied \(|Too many authentication failures|no mutual signature/.test(stderr)) {
    return { problem: 'auth-failed', message: `${where} refused the login (${said}): check the user, the key (identity) and that its public key is in the remote's authorized_keys` };
  }
  if (code === 255 && /Could not resolve hostname|Connection refused|Connection timed out|timed out|No route to host|Network is unreachable|Connection closed by|Connection reset|kex_exchange_identification|Broken pipe/.test(stderr)) {
    return { problem: 'network', message: `cannot reach ${where}: ${said}` };
  }
  if (code === 127 || (code !== 255 && /command not found|No such file or directory/.test(stderr))) {
    return {
      problem: 'cli-missing',
      message: `${JSON.stringify(remoteCommand)} was not found on ${where} (${said}): install Limadesk's CLI there, or set the host's remote command (a full path, or \`npx limadesk\`)`,
    };
  }
  if (/--stdio/.test(stderr) && /nknown option|unexpected argument|unknown command/i.test(stderr)) {
    return { problem: 'cli-too-old', message: `the Limadesk CLI on ${where} is too old for \`serve --stdio\` (${said}): install the same release as this machine's there` };
  }
  if (code === 255) return { problem: 'failed', message: `ssh could not connect to ${where}${said ? `: ${said}` : ''}` };
  const how = code !== null ? `exit status ${code}` : `signal ${input.signal ?? 'unknown'}`;
  return { problem: 'failed', message: `\`${remoteCommand} serve --stdio\` on ${where} ended (${how}) before it said hello${said ? `: ${said}` : ''}` };
}
