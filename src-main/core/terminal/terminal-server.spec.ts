import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { generateTestKey, startTestSshServer, type TestSshServer } from '../ssh/ssh-server.test-support';
import type { SshTarget } from '../ssh/target';
import { TerminalServer } from './terminal-server';

// The SSH side is ssh2's Server in process (real key exchange and channels) so a test can see
// the PTY size and window changes it received and make the guest refuse the key; the real
// guest's dropbear is driven by test/e2e/terminal.e2e.ts.

const PAGE = 'http://127.0.0.1:4567';
const key = generateTestKey();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setUp(options: { authorizedKey?: string } = {}): Promise<{ ssh: TestSshServer; terminal: TerminalServer; target: SshTarget }> {
  const ssh = await startTestSshServer({ user: 'alice', authorizedKey: options.authorizedKey ?? key.publicKey });
  cleanups.push(() => ssh.close());
  const terminal = new TerminalServer({ allowedOrigins: () => [PAGE] });
  cleanups.push(() => terminal.dispose());
  return { ssh, terminal, target: { host: '127.0.0.1', port: ssh.port, user: 'alice', privateKey: Buffer.from(key.privateKey) } };
}

interface Client {
  ws: WebSocket;
  output(): string;
  waitFor(text: string): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

function connect(url: string, origin: string | undefined = PAGE): Client {
  const ws = new WebSocket(url, origin ? { origin } : {});
  let output = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) output += data.toString('utf8');
    for (const w of waiters.filter((w) => output.includes(w.text))) w.resolve();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('error', () => {});
  cleanups.push(() => ws.terminate());
  return {
    ws,
    output: () => output,
    closed,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        if (output.includes(text)) return resolve();
        const timer = setTimeout(() => reject(new Error(`"${text}" not received; got ${JSON.stringify(output)}`)), 8000);
        waiters.push({ text, resolve: () => (clearTimeout(timer), resolve()) });
      }),
  };
}

function httpStatusOf(url: string, origin?: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => {});
  });
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('TerminalServer', () => {
  it('opens a login shell with the PTY size asked for and carries bytes both ways', async () => {
    const { ssh, terminal, target } = await setUp();
    const url = await terminal.openSession({ instance: 'vm', ssh: target, size: { cols: 132, rows: 43 } });
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/terminal\/[A-Za-z0-9_-]{43}$/);
    const client = connect(url);
    await client.waitFor('$ ');
    expect(ssh.shells[0]!.pty).toEqual({ cols: 132, rows: 43, term: 'xterm-256color' });
    client.ws.send(Buffer.from('echo héllo\r'), { binary: true });
    await client.waitFor('héllo\r\n$ ');
    expect(ssh.shells[0]!.received()).toBe('echo héllo\r');
  });

  it('resizes the PTY on a resize text frame and ignores other text frames', async () => {
    const { ssh, terminal, target } = await setUp();
    const client = connect(await terminal.openSession({ instance: 'vm', ssh: target, size: { cols: 80, rows: 24 } }));
    await client.waitFor('$ ');
    client.ws.send(JSON.stringify({ resize: [100, 30] }));
    client.ws.send(JSON.stringify({ resize: [0, 30] }));
    client.ws.send('{"exec":"rm -rf /"}');
    client.ws.send(JSON.stringify({ resize: [120, 40] }));
    await until(() => ssh.shells[0]!.resizes.length >= 2);
    expect(ssh.shells[0]!.resizes).toEqual([[100, 30], [120, 40]]);
    expect(ssh.shells[0]!.received()).toBe('');
  });

  it('keeps what the page sends before the shell is open', async () => {
    const { ssh, terminal, target } = await setUp();
    const client = connect(await terminal.openSession({ instance: 'vm', ssh: target, size: { cols: 80, rows: 24 } }));
    client.ws.on('open', () => client.ws.send(Buffer.from('echo early\r'), { binary: true }));
    await client.waitFor('early\r\n');
    expect(ssh.shells[0]!.received()).toBe('echo early\r');
  });

  it('closes the page normally with the reason when the shell exits', async () => {
    const { terminal, target } = await setUp();
    const client = connect(await terminal.openSession({ instance: 'vm', ssh: target, size: { cols: 80, rows: 24 } }));
    await client.waitFor('$ ');
    client.ws.send(Buffer.from('exit\r'), { binary: true });
    expect(await client.closed).toEqual({ code: 1000, reason: 'the shell exited with status 0' });
    await until(() => terminal.activeSessions === 0);
  });

  it('ends the shell when the page goes away', async () => {
    const { ssh, terminal, target } = await setUp();
    const client = connect(await terminal.openSession({ instance: 'vm', ssh: target, size: { cols: 80, rows: 24 } }));
    await client.waitFor('$ ');
    let channelClosed = false;
    ssh.shells[0]!.channel.on('close', () => (channelClosed = true));
    client.ws.close();
    await until(() => channelClosed);
    await until(() => terminal.activeSessions === 0);
  });

  it('closes with 1011 and the SSH error when the guest refuses the key', async () => {
    const { terminal, target } = await setUp({ authorizedKey: generateTestKey().publicKey });
    const client = connect(await terminal.openSession({ instance: 'vm', ssh: target, size: { cols: 80, rows: 24 } }));
    const { code, reason } = await client.closed;
    expect(code).toBe(1011);
    expect(reason).toMatch(/^SSH to alice@127\.0\.0\.1:\d+ failed: .*authentication/i);
  });

  it('accepts a token once', async () => {
    const { terminal, target } = await setUp();
    const url = await terminal.openSession({ instance: 'vm', ssh: target, size: { cols: 80, rows: 24 } });
    const first = connect(url);
    await first.waitFor('$ ');
    expect(await httpStatusOf(url)).toBe(401);
    expect(await httpStatusOf(url.replace(/[^/]+$/, 'not-a-token'))).toBe(401);
  });

  it('refuses another page without using up the token, and lets a non-browser client in', async () => {
    const { terminal, target } = await setUp();
    const url = await terminal.openSession({ instance: 'vm', ssh: target, size: { cols: 80, rows: 24 } });
    expect(await httpStatusOf(url, 'http://evil.example')).toBe(403);
    expect(await httpStatusOf(url, 'null')).toBe(403);
    const client = connect(url, undefined);
    await client.waitFor('$ ');
  });

  it('refuses a token after its lifetime', async () => {
    let now = 1_000;
    const ssh = await startTestSshServer({ user: 'alice', authorizedKey: key.publicKey });
    cleanups.push(() => ssh.close());
    const terminal = new TerminalServer({ allowedOrigins: () => [PAGE], now: () => now, tokenTtlMs: 500 });
    cleanups.push(() => terminal.dispose());
    const url = await terminal.openSession({ instance: 'vm', ssh: { host: '127.0.0.1', port: ssh.port, user: 'alice', privateKey: Buffer.from(key.privateKey) }, size: { cols: 80, rows: 24 } });
    now += 501;
    expect(await httpStatusOf(url)).toBe(401);
  });
});
