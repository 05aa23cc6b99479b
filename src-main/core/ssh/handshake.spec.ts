import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sshHandshake } from './handshake';
import { generateTestKey, startTestSshServer, type TestSshServer } from './ssh-server.test-support';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

async function server(options: Parameters<typeof startTestSshServer>[0]): Promise<TestSshServer> {
  const s = await startTestSshServer(options);
  closers.push(() => s.close());
  return s;
}

describe('sshHandshake', () => {
  const key = generateTestKey();

  it('authenticates with the key and runs the no-op command', async () => {
    const s = await server({ user: 'alice', authorizedKey: key.publicKey });
    const result = await sshHandshake({ host: '127.0.0.1', port: s.port, user: 'alice', privateKey: Buffer.from(key.privateKey) });
    expect(result).toEqual({ ok: true });
    expect(s.execCommands).toEqual(['true']);
  });

  it('is not ready when the server refuses the key', async () => {
    const s = await server({ user: 'alice', authorizedKey: generateTestKey().publicKey });
    const result = await sshHandshake({ host: '127.0.0.1', port: s.port, user: 'alice', privateKey: Buffer.from(key.privateKey) });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/alice@127\.0\.0\.1:\d+.*authentication/i);
    expect(s.execCommands).toEqual([]);
  });

  it('is not ready for another user name', async () => {
    const s = await server({ user: 'alice', authorizedKey: key.publicKey });
    const result = await sshHandshake({ host: '127.0.0.1', port: s.port, user: 'bob', privateKey: Buffer.from(key.privateKey) });
    expect(result.ok).toBe(false);
  });

  it('is not ready when the no-op command fails', async () => {
    const s = await server({ user: 'alice', authorizedKey: key.publicKey, execStatus: 127 });
    const result = await sshHandshake({ host: '127.0.0.1', port: s.port, user: 'alice', privateKey: Buffer.from(key.privateKey) });
    expect(result).toEqual({ ok: false, reason: 'the no-op command "true" exited with status 127' });
  });

  it('is not ready when the port only greets', async () => {
    const sockets = new Set<net.Socket>();
    const greeter = net.createServer((socket) => {
      sockets.add(socket);
      socket.write('SSH-2.0-OpenSSH_9.2\r\n');
    });
    await new Promise<void>((r) => greeter.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => {
      for (const socket of sockets) socket.destroy();
      greeter.close(() => r());
    }));
    const port = (greeter.address() as net.AddressInfo).port;
    const started = Date.now();
    const result = await sshHandshake({ host: '127.0.0.1', port, user: 'alice', privateKey: Buffer.from(key.privateKey) }, { timeoutMs: 1000 });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/timed out/i);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('is not ready when nothing listens', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const result = await sshHandshake({ host: '127.0.0.1', port, user: 'alice', privateKey: Buffer.from(key.privateKey) });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/ECONNREFUSED/);
  });
});
