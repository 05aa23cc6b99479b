import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { constants } from 'node:os';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { CliError, type CliContext } from '../../common/command';
import { remoteCliArgv } from '../../core/api/remote-hosts';
import { findHost, untilInterrupted, withHost, type RemoteCli } from './host-connection';

/**
 * `vnc` and `shell` with `--host`: the host hands out a one-use session URL on its own
 * loopback, and this command forwards it over its SSH connection to a loopback port here.
 */

// How long a session URL is good for on the host (its one-use token's lifetime), and a bit.
const UNUSED_URL_MS = 65_000;

async function requireRunning(remote: RemoteCli, name: string, host: string): Promise<void> {
  const inst = await remote.call('getInstance', { name });
  if (inst.status !== 'Running') throw new CliError(`instance ${JSON.stringify(name)} on ${host} is ${inst.status}; run \`limadesk start --host ${host} ${name}\` first`);
}

/** Waits until the forwarded session has come and gone, the URL went unused, Ctrl-C, or the host dropped. */
async function holdTunnel(remote: RemoteCli, host: string): Promise<string> {
  const interrupted = untilInterrupted();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      interrupted.promise.then(() => 'interrupted'),
      remote.connection.closed.then((why) => Promise.reject(new CliError(`host ${host}: ${why.message}`))),
      new Promise<string>((resolve) => {
        let open = 0;
        timer = setTimeout(() => resolve('unused'), UNUSED_URL_MS);
        remote.connection.onSession((event) => {
          clearTimeout(timer);
          open += event === 'opened' ? 1 : -1;
          if (open === 0) resolve('session-ended');
        });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    interrupted.dispose();
  }
}

export async function remoteVnc(ctx: CliContext, host: string): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new CliError('expected exactly one instance name\nUsage: limadesk vnc --host HOST NAME [--json]', 2);
  return withHost(ctx, host, async (remote) => {
    await requireRunning(remote, name, host);
    const session = await remote.call('openVncSession', { name });
    const url = await remote.connection.localUrl(session.url);
    if (values.json) ctx.stdout(`${JSON.stringify({ host, instance: name, url, password: session.password })}\n`);
    else ctx.stdout(`WebSocket: ${url}\nPassword:  ${session.password}\n`);
    ctx.stderr(`The display of ${name} on ${host} is forwarded over SSH to that WebSocket URL (VNC inside, as noVNC speaks it), good for one connection within a minute. Press Ctrl-C to close the tunnel.\n`);
    const end = await holdTunnel(remote, host);
    if (end === 'unused') throw new CliError('nobody connected within a minute: the URL has expired');
    return 0;
  });
}

/** A command in the guest: the host's own `limadesk shell`, run over ssh with the host's settings. */
async function runRemoteShellCommand(ctx: CliContext, host: string, name: string, command: string[]): Promise<number> {
  const settings = await findHost(ctx, host);
  const argv = remoteCliArgv(settings, ['shell', name, '--', ...command], { tty: process.stdin.isTTY === true, homeDir: homedir() });
  const ignore = (): void => undefined;
  process.on('SIGINT', ignore);
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn('ssh', argv, { stdio: 'inherit' });
      child.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new CliError('the ssh command was not found; install an OpenSSH client') : err));
      child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
  } finally {
    process.off('SIGINT', ignore);
  }
}

/** An interactive shell through the host's terminal session: this terminal's bytes both ways. */
async function runTerminal(ctx: CliContext, url: string): Promise<number> {
  const stdin = process.stdin;
  const tty = stdin.isTTY === true;
  const ws = new WebSocket(url);
  const size = (): [number, number] => [process.stdout.columns || 80, process.stdout.rows || 24];
  const onResize = (): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ resize: size() }));
  };
  const onInput = (chunk: Buffer): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(chunk, { binary: true });
  };
  return new Promise<number>((resolve, reject) => {
    ws.once('open', () => {
      if (tty) stdin.setRawMode(true);
      stdin.on('data', onInput);
      stdin.resume();
      process.stdout.on('resize', onResize);
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) ctx.stdout(data.toString('utf8'));
    });
    ws.once('unexpected-response', (_req, res) => reject(new CliError(`the terminal session was refused (HTTP ${res.statusCode})`)));
    ws.once('error', (err) => reject(new CliError(`the terminal session failed: ${err.message}`)));
    ws.once('close', () => {
      stdin.off('data', onInput);
      process.stdout.off('resize', onResize);
      if (tty) stdin.setRawMode(false);
      stdin.pause();
      resolve(0);
    });
  });
}

export async function remoteShell(ctx: CliContext, host: string): Promise<number> {
  const [name, ...rest] = ctx.argv;
  const command = rest[0] === '--' ? rest.slice(1) : rest;
  if (!name || name.startsWith('-')) throw new CliError('expected an instance name\nUsage: limadesk shell --host HOST NAME [-- COMMAND [ARG...]]', 2);
  if (command.length > 0) return runRemoteShellCommand(ctx, host, name, command);
  return withHost(ctx, host, async (remote) => {
    await requireRunning(remote, name, host);
    const [cols, rows] = [process.stdout.columns || 80, process.stdout.rows || 24];
    const session = await remote.call('openTerminalSession', { name, cols, rows });
    return runTerminal(ctx, await remote.connection.localUrl(session.url));
  });
}
