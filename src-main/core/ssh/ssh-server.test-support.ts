import { execFileSync } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Server, utils, type Connection, type ServerChannel } from 'ssh2';

// ssh2's Server is a real SSH implementation (key exchange, signatures, channels), run in
// process so tests can make a guest refuse a key, fail a command or hang up on cue. The real
// guest (OpenSSH's sshd in the test guest) is exercised in test/e2e/terminal.e2e.ts.

export interface TestKeyPair {
  privateKey: string;
  publicKey: string;
}

/**
 * A client key made the way Lima makes `_config/user`, with ssh-keygen. (ssh2's own generator
 * now and then writes an ed25519 key that its parser then rejects.)
 */
export function generateTestKey(): TestKeyPair {
  const dir = mkdtempSync(path.join(tmpdir(), 'ld-sshkey-'));
  try {
    const file = path.join(dir, 'user');
    execFileSync('ssh-keygen', ['-t', 'ed25519', '-q', '-N', '', '-C', 'lima', '-f', file]);
    return { privateKey: readFileSync(file, 'utf8'), publicKey: readFileSync(`${file}.pub`, 'utf8').trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ShellSession {
  pty: { cols: number; rows: number; term: string };
  resizes: Array<[number, number]>;
  channel: ServerChannel;
  /** Everything the client typed so far. */
  received(): string;
}

export interface TestSshServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  user: string;
  /** The OpenSSH public key line the server accepts for `user`. */
  authorizedKey: string;
  /** Exit status of any exec request; 0 by default. */
  execStatus?: number;
  /**
   * The interactive shell: by default echoes what it receives and answers `echo X` lines with X,
   * enough to see bytes travel both ways; it ends the session on `exit`.
   */
  onShell?: (session: ShellSession) => void;
}

export interface TestSshServer {
  port: number;
  execCommands: string[];
  shells: ShellSession[];
  close(): Promise<void>;
}

function defaultShell(session: ShellSession): void {
  const { channel } = session;
  let line = '';
  channel.write('$ ');
  channel.on('data', (data: Buffer) => {
    const text = data.toString('utf8');
    channel.write(text.replace(/\r/g, '\r\n'));
    line += text;
    let end: number;
    while ((end = line.indexOf('\r')) >= 0) {
      const command = line.slice(0, end).trim();
      line = line.slice(end + 1);
      if (command === 'exit') {
        channel.exit(0);
        channel.end();
        return;
      }
      const echo = /^echo (.*)$/.exec(command);
      if (echo) channel.write(`${echo[1]}\r\n`);
      channel.write('$ ');
    }
  });
}

function handleSession(conn: Connection, options: TestSshServerOptions, server: TestSshServer): void {
  conn.on('session', (accept) => {
    const session = accept();
    let pty: ShellSession['pty'] | undefined;
    const resizes: Array<[number, number]> = [];
    session.on('pty', (acceptPty, _reject, info) => {
      pty = { cols: info.cols, rows: info.rows, term: info.term };
      acceptPty();
    });
    session.on('window-change', (acceptChange, _reject, info) => {
      resizes.push([info.cols, info.rows]);
      acceptChange?.();
    });
    session.on('exec', (acceptExec, _reject, info) => {
      server.execCommands.push(info.command);
      const channel = acceptExec();
      channel.exit(options.execStatus ?? 0);
      channel.end();
    });
    session.on('shell', (acceptShell) => {
      const channel = acceptShell();
      let received = '';
      channel.on('data', (d: Buffer) => (received += d.toString('utf8')));
      const shell: ShellSession = { pty: pty ?? { cols: 0, rows: 0, term: '' }, resizes, channel, received: () => received };
      server.shells.push(shell);
      (options.onShell ?? defaultShell)(shell);
    });
  });
}

export async function startTestSshServer(options: TestSshServerOptions): Promise<TestSshServer> {
  // An RSA host key: ssh2 parses the ones it generates itself reliably only for RSA.
  const hostKey = utils.generateKeyPairSync('rsa', { bits: 2048 }).private;
  const allowed = utils.parseKey(options.authorizedKey);
  if (allowed instanceof Error) throw allowed;
  const state: TestSshServer = { port: 0, execCommands: [], shells: [], close: async () => {} };
  const connections = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey] }, (conn) => {
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    conn.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey' || ctx.username !== options.user) return ctx.reject(['publickey']);
      const presented = ctx.key.data;
      const expected = allowed.getPublicSSH();
      const sameKey = ctx.key.algo === allowed.type && presented.length === expected.length && timingSafeEqual(presented, expected);
      if (!sameKey) return ctx.reject(['publickey']);
      if (!ctx.signature || !ctx.blob) return ctx.accept();
      if (allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(['publickey']);
      ctx.accept();
    });
    conn.on('ready', () => handleSession(conn, options, state));
    conn.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const conn of connections) conn.end();
      server.close(() => resolve());
    });
  return state;
}
