import { afterEach, describe, expect, it } from 'vitest';
import { QmpClient } from './client';
import { changeVncPassword, hmp, inputSendEvent, quit, queryStatus, systemPowerdown } from './commands';
import { FakeQmpServer, type FakeQmpConnection } from './fake-qmp-server.test-support';

let server: FakeQmpServer | undefined;
let client: QmpClient | undefined;

afterEach(async () => {
  client?.close();
  await server?.close();
  server = undefined;
  client = undefined;
});

async function connected(): Promise<{ client: QmpClient; peer: FakeQmpConnection }> {
  server = await FakeQmpServer.start();
  client = await QmpClient.connect(server.path);
  return { client, peer: await server.nextConnection() };
}

describe('QMP command helpers', () => {
  it('send the QMP command names and arguments QEMU expects', async () => {
    const { client, peer } = await connected();
    const calls = [
      systemPowerdown(client),
      changeVncPassword(client, 'abcdefgh'),
      inputSendEvent(client, [{ type: 'key', data: { down: true, key: { type: 'qcode', data: 'a' } } }]),
    ];
    const sent = [await peer.nextCommand(), await peer.nextCommand(), await peer.nextCommand()];
    for (const command of sent) peer.reply(command.id, {});
    await Promise.all(calls);
    expect(sent.map(({ execute, arguments: args }) => ({ execute, args }))).toEqual([
      { execute: 'system_powerdown', args: undefined },
      { execute: 'change-vnc-password', args: { password: 'abcdefgh' } },
      { execute: 'input-send-event', args: { events: [{ type: 'key', data: { down: true, key: { type: 'qcode', data: 'a' } } }] } },
    ]);
  });

  it('queryStatus returns the status object', async () => {
    const { client, peer } = await connected();
    const status = queryStatus(client);
    peer.reply((await peer.nextCommand()).id, { status: 'paused', running: false });
    await expect(status).resolves.toEqual({ status: 'paused', running: false });
  });

  it('hmp returns the text output with \\n line endings', async () => {
    const { client, peer } = await connected();
    const output = hmp(client, 'info snapshots');
    const command = await peer.nextCommand();
    expect(command.arguments).toEqual({ 'command-line': 'info snapshots' });
    peer.reply(command.id, 'There is no snapshot available.\r\n');
    await expect(output).resolves.toBe('There is no snapshot available.\n');
  });

  it('quit succeeds when QEMU closes the socket instead of replying', async () => {
    const { client, peer } = await connected();
    const done = quit(client);
    expect((await peer.nextCommand()).execute).toBe('quit');
    peer.event('SHUTDOWN', { guest: false, reason: 'host-qmp-quit' });
    peer.destroy();
    await expect(done).resolves.toBeUndefined();
  });
});
