import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { CLI_PATH, makeTempDir } from './e2e-kit';

// A second host on this machine: OpenSSH's real sshd on a loopback port, with its own host
// key, an authorized key made for the test, no PAM, and its own LIMA_HOME (sshd's SetEnv
// gives every session that LIMA_HOME). The client side gets an ssh_config naming the host
// as an alias, with the key and a known_hosts file of the test's own, so nothing of the
// user's ~/.ssh is read or written.

export const SSHD = '/usr/sbin/sshd';
export const REMOTE_ALIAS = 'ld-remote';

export interface SshdHost {
  /** The directory holding keys, configs and logs. */
  dir: string;
  port: number;
  limaHome: string;
  /** The client's ssh_config (`Host ld-remote`), for HostSettings.sshConfig. */
  sshConfig: string;
  knownHosts: string;
  /** How the remote runs Limadesk: this checkout's CLI under this Node. */
  remoteCommand: string;
  /** sshd's own log (what it accepted and refused). */
  log(): string;
  /** Stops accepting connections (sessions already open carry on), as a host going off the network. */
  pause(): Promise<void>;
  /** Accepts connections again, on the same port with the same key. */
  resume(): Promise<void>;
  /** A new host key, sshd restarted on the same port: what a reinstalled (or impostor) host looks like. */
  changeHostKey(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once sshd answers with its banner. */
async function waitForBanner(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}:\n${log()}`);
    const banner = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1000, () => socket.destroy());
      socket.once('data', (data) => {
        resolve(data.toString());
        socket.destroy();
      });
      socket.once('error', () => resolve(''));
      socket.once('close', () => resolve(''));
    });
    if (banner.startsWith('SSH-2.0-')) return;
    if (Date.now() > deadline) throw new Error(`sshd did not answer on 127.0.0.1:${port}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function keygen(file: string, comment: string): void {
  rmSync(file, { force: true });
  rmSync(`${file}.pub`, { force: true });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

/** The remote command line for the host (its login shell runs it): this Node and this CLI, quoted. */
export function checkoutRemoteCommand(): string {
  const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;
  return `${quote(process.execPath)} ${quote(CLI_PATH)}`;
}

export async function startSshdHost(): Promise<SshdHost> {
  const dir = makeTempDir('ld-sshd-');
  const limaHome = path.join(dir, 'lima');
  mkdirSync(limaHome);
  const user = userInfo().username;
  // Run as root, sshd separates privileges into /run/sshd, which Debian's service makes at
  // boot; as any other user it runs unprivileged and needs nothing outside `dir`.
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKey = path.join(dir, 'client_ed25519');
  keygen(hostKey, 'limadesk-test-host');
  keygen(clientKey, 'limadesk-test-client');
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`), { mode: 0o600 });
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      // The temp directory is not owned the way StrictModes wants a home's .ssh to be.
      'StrictModes no',
      'AllowTcpForwarding yes',
      'X11Forwarding no',
      'PrintMotd no',
      'UseDNS no',
      'MaxStartups 50',
      `SetEnv LIMA_HOME=${limaHome}`,
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  const knownHosts = path.join(dir, 'known_hosts');
  const sshConfig = path.join(dir, 'ssh_config');
  writeFileSync(
    sshConfig,
    [
      `Host ${REMOTE_ALIAS}`,
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      `  User ${user}`,
      `  IdentityFile ${clientKey}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${knownHosts}`,
      '  GlobalKnownHostsFile /dev/null',
      '',
    ].join('\n'),
  );
  const logFile = path.join(dir, 'sshd.log');
  const log = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  let child: ChildProcess | undefined;

  const startDaemon = async (): Promise<void> => {
    const out = createWriteStream(logFile, { flags: 'a' });
    await new Promise((resolve) => out.once('open', resolve));
    // -D: stays in the foreground as this test's child; -e: logs to stderr, kept in sshd.log.
    child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', out, out] });
    await waitForBanner(port, child, log);
  };
  const stopDaemon = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };

  await startDaemon();
  return {
    dir,
    port,
    limaHome,
    sshConfig,
    knownHosts,
    remoteCommand: checkoutRemoteCommand(),
    log,
    pause: stopDaemon,
    resume: startDaemon,
    async changeHostKey() {
      await stopDaemon();
      keygen(hostKey, 'limadesk-test-host-reinstalled');
      await startDaemon();
    },
    async stop() {
      await stopDaemon();
    },
  };
}

/** The pids of `limadesk serve --stdio` processes serving `limaHome` (the remote side's sessions). */
export function remoteServePids(limaHome: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!argv.includes('--stdio') || !argv.includes('serve')) continue;
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (env.includes(`LIMA_HOME=${limaHome}`)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}
