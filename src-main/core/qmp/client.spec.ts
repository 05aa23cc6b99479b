import { afterEach, describe, expect, it } from 'vitest';
import { QmpClient } from './client';
import type { QmpProtocolError } from './errors';
import { QmpConnectionClosedError, QmpError, QmpTimeoutError } from './errors';
import { FakeQmpServer } from './fake-qmp-server.test-support';
import type { QmpEvent } from './types';

let server: FakeQmpServer | undefined;
let client: QmpClient | undefined;

afterEach(async () => {
  client?.close();
  client = undefined;
  await server?.close();
  server = undefined;
});

async function connected(options: Parameters<typeof FakeQmpServer.start>[0] = {}) {
  server = await FakeQmpServer.start(options);
  client = await QmpClient.connect(server.path, { greetingTimeoutMs: 2000 });
  const peer = await server.nextConnection();
  return { server, client, peer };
}

describe('QmpClient.connect', () => {
  it('reads the greeting and negotiates capabilities before resolving', async () => {
    const { client, peer } = await connected();
    expect(client.greeting.version.qemu).toEqual({ major: 7, minor: 2, micro: 5 });
    expect(client.greeting.capabilities).toEqual(['oob']);
    expect(peer.commands.map((c) => c.execute)).toEqual(['qmp_capabilities']);
  });

  it('reassembles a greeting that arrives one byte at a time', async () => {
    const { client } = await connected({ greetByteByByte: true });
    expect(client.greeting.version.package).toBe('Debian 1:7.2+dfsg-7');
  });

  it('fails with a clear message when no greeting comes (another client holds the socket)', async () => {
    server = await FakeQmpServer.start({ greet: false });
    const started = Date.now();
    const attempt = QmpClient.connect(server.path, { greetingTimeoutMs: 150 });
    await expect(attempt).rejects.toThrow(QmpTimeoutError);
    await expect(attempt).rejects.toThrow(`QMP greeting not received within 150 ms; is another client connected to ${server.path}?`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('names the socket when there is nothing to connect to', async () => {
    const missing = '/nonexistent-limadesk-dir/qmp.sock';
    await expect(QmpClient.connect(missing)).rejects.toThrow(/could not connect to QMP socket \/nonexistent-limadesk-dir\/qmp\.sock: .*ENOENT/);
  });

  it('rejects when capabilities negotiation fails', async () => {
    server = await FakeQmpServer.start({ answerCapabilities: false });
    const attempt = QmpClient.connect(server.path);
    const peer = await server.nextConnection();
    const capabilities = await peer.nextCommand();
    peer.replyError(capabilities.id, 'GenericError', 'capabilities negotiation is already complete');
    await expect(attempt).rejects.toThrow('QMP command "qmp_capabilities" failed: GenericError: capabilities negotiation is already complete');
  });
});

describe('QmpClient.execute', () => {
  it('sends arguments and resolves with the return value', async () => {
    const { client, peer } = await connected();
    const reply = client.execute('human-monitor-command', { 'command-line': 'info status' });
    const command = await peer.nextCommand();
    expect(command).toMatchObject({ execute: 'human-monitor-command', arguments: { 'command-line': 'info status' } });
    peer.reply(command.id, 'VM status: running\r\n');
    await expect(reply).resolves.toBe('VM status: running\r\n');
  });

  it('reassembles a reply split across writes, and handles several lines in one write', async () => {
    const { client, peer } = await connected();
    const first = client.execute('query-status');
    const second = client.execute('query-version');
    const a = await peer.nextCommand();
    const b = await peer.nextCommand();
    const lineA = JSON.stringify({ return: { status: 'running', running: true }, id: a.id });
    const lineB = JSON.stringify({ return: { qemu: { major: 7, minor: 2, micro: 0 }, package: '' }, id: b.id });
    peer.sendRaw(lineA.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 20));
    peer.sendRaw(`${lineA.slice(10)}\r\n${lineB.slice(0, 5)}`);
    await expect(first).resolves.toEqual({ status: 'running', running: true });
    peer.sendRaw(`${lineB.slice(5)}\r\n`);
    await expect(second).resolves.toMatchObject({ qemu: { major: 7 } });
  });

  it('delivers events that arrive before the reply, before resolving the call', async () => {
    const { client, peer } = await connected();
    const order: string[] = [];
    client.on('STOP', () => order.push('STOP event'));
    const reply = client.execute('stop').then(() => order.push('stop reply'));
    const command = await peer.nextCommand();
    peer.event('STOP');
    peer.reply(command.id, {});
    await reply;
    expect(order).toEqual(['STOP event', 'stop reply']);
  });

  it('matches interleaved replies to their calls by id', async () => {
    const { client, peer } = await connected();
    const calls = [client.executeRaw('one'), client.executeRaw('two'), client.executeRaw('three')];
    const commands = [await peer.nextCommand(), await peer.nextCommand(), await peer.nextCommand()];
    expect(new Set(commands.map((c) => c.id)).size).toBe(3);
    for (const index of [2, 0, 1]) peer.reply(commands[index]!.id, `answer to ${commands[index]!.execute}`);
    await expect(Promise.all(calls)).resolves.toEqual(['answer to one', 'answer to two', 'answer to three']);
  });

  it('turns an error reply into a QmpError with class and desc', async () => {
    const { client, peer } = await connected();
    const reply = client.execute('change-vnc-password', { password: 'secret' });
    const command = await peer.nextCommand();
    peer.replyError(command.id, 'GenericError', 'Could not set password');
    const error = await reply.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QmpError);
    expect(error).toMatchObject({ class: 'GenericError', desc: 'Could not set password', command: 'change-vnc-password' });
  });

  it('rejects every pending call at once when the socket closes mid-command, and later calls at once', async () => {
    const { client, peer } = await connected();
    const closes: Array<Error | undefined> = [];
    client.onClose((error) => closes.push(error));
    const pending = [client.execute('query-status'), client.execute('stop'), client.execute('cont')];
    for (let i = 0; i < 3; i++) await peer.nextCommand();
    peer.destroy();
    const results = await Promise.allSettled(pending);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason as Error;
      expect(reason).toBeInstanceOf(QmpConnectionClosedError);
      expect(reason.message).toMatch(/QMP connection to .* closed.* before the reply to "(query-status|stop|cont)"/);
    }
    expect(closes).toHaveLength(1);
    expect(client.isClosed).toBe(true);
    await expect(client.execute('query-status')).rejects.toThrow(/is closed; cannot send "query-status"/);
  });

  it('reports a malformed line and keeps working', async () => {
    const { client, peer } = await connected();
    const problems: QmpProtocolError[] = [];
    client.onProtocolError((error) => problems.push(error));
    const reply = client.execute('query-status');
    const command = await peer.nextCommand();
    peer.sendRaw('{"return": {"status": "runn\r\n');
    peer.reply(command.id, { status: 'running', running: true });
    await expect(reply).resolves.toEqual({ status: 'running', running: true });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('not JSON');
    expect(problems[0]!.line).toBe('{"return": {"status": "runn');
    expect(client.isClosed).toBe(false);
  });

  it('reports a reply whose id matches no call', async () => {
    const { client, peer } = await connected();
    const problems: QmpProtocolError[] = [];
    client.onProtocolError((error) => problems.push(error));
    peer.reply(999, {});
    const reply = client.execute('cont');
    peer.reply((await peer.nextCommand()).id, {});
    await reply;
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('matches no pending command')]);
  });

  it('times out a call that gets no reply, and ignores the late reply', async () => {
    const { client, peer } = await connected();
    const reply = client.execute('query-status', undefined, { timeoutMs: 50 });
    const command = await peer.nextCommand();
    await expect(reply).rejects.toThrow('QMP command "query-status" got no reply within 50 ms');
    peer.reply(command.id, {});
    const next = client.execute('cont');
    peer.reply((await peer.nextCommand()).id, {});
    await expect(next).resolves.toEqual({});
  });

  it('close() rejects pending calls and notifies close handlers', async () => {
    const { client, peer } = await connected();
    const closed = new Promise<Error | undefined>((resolve) => client.onClose(resolve));
    const reply = client.execute('query-status');
    await peer.nextCommand();
    client.close();
    await expect(reply).rejects.toThrow(QmpConnectionClosedError);
    await expect(closed).resolves.toBeUndefined();
  });
});

describe('QmpClient events', () => {
  it('delivers events by name and to "*" subscribers, and stops after unsubscribe', async () => {
    const { client, peer } = await connected();
    const named: QmpEvent[] = [];
    const all: string[] = [];
    const unsubscribe = client.on('SHUTDOWN', (event) => named.push(event));
    client.on('*', (event) => all.push(event.event));
    peer.event('SHUTDOWN', { guest: true, reason: 'guest-shutdown' });
    peer.event('RESET', { guest: false, reason: 'host-qmp-system-reset' });
    // A round trip guarantees the events (sent earlier) were processed.
    const ping = client.executeRaw('ping');
    peer.reply((await peer.nextCommand()).id, {});
    await ping;
    unsubscribe();
    peer.event('SHUTDOWN', { guest: false, reason: 'host-qmp-quit' });
    const ping2 = client.executeRaw('ping');
    peer.reply((await peer.nextCommand()).id, {});
    await ping2;
    expect(named).toHaveLength(1);
    expect(named[0]).toMatchObject({ event: 'SHUTDOWN', data: { guest: true, reason: 'guest-shutdown' } });
    expect(all).toEqual(['SHUTDOWN', 'RESET', 'SHUTDOWN']);
  });

  it('keeps delivering when one handler throws', async () => {
    const { client, peer } = await connected();
    const seen: string[] = [];
    client.on('STOP', () => {
      throw new Error('handler bug');
    });
    client.on('STOP', () => seen.push('second handler'));
    peer.event('STOP');
    const ping = client.executeRaw('ping');
    peer.reply((await peer.nextCommand()).id, {});
    await ping;
    expect(seen).toEqual(['second handler']);
  });
});
