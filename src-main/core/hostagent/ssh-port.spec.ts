import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { pickSshPort } from './ssh-port';

describe('pickSshPort', () => {
  it('picks a free port when none is configured', async () => {
    const port = await pickSshPort(0);
    expect(port).toBeGreaterThan(0);
  });

  it('keeps a configured port that is free', async () => {
    const free = await pickSshPort(0);
    expect(await pickSshPort(free)).toBe(free);
  });

  it('refuses a configured port another program listens on, naming the setting and the port', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      await expect(pickSshPort(port)).rejects.toThrow(`ssh.localPort ${port} is already in use on 127.0.0.1`);
    } finally {
      holder.close();
    }
  });
});
