import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/logger';
import type { PortForward } from '../../config/types';
import type { GuestChannel, GuestConnection, RunResult } from '../../ssh/guest-connection';
import { dialAddress, PortForwarding } from './port-forwarding';
import type { PortForwardEvent } from './types';

// The connection here is a stand-in that the test drives: it decides what the guest's listener
// watcher prints and when the connection drops, which a real guest cannot be made to do on cue.
// TCP streams to "guest" ports go to servers on this host. The real sshd: test/e2e/port-forward.e2e.ts.

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

class FakeConnection implements GuestConnection {
  readonly watchers: PassThrough[] = [];
  endCalls = 0;
  private endConnection: () => void = () => {};
  readonly ended = new Promise<void>((resolve) => (this.endConnection = resolve));

  constructor(private readonly guestPorts: Record<number, number>) {}

  openTcp(host: string, port: number): Promise<GuestChannel> {
    const local = this.guestPorts[port];
    if (!local || (host !== '127.0.0.1' && host !== '::1')) return Promise.reject(new Error(`refused ${host}:${port}`));
    return Promise.resolve(net.connect({ host: '127.0.0.1', port: local }));
  }
  openUnix(): Promise<GuestChannel> {
    return Promise.reject(new Error('no sockets here'));
  }
  listenUnix(): Promise<void> {
    return Promise.reject(new Error('no sockets here'));
  }
  unlistenUnix(): Promise<void> {
    return Promise.resolve();
  }
  run(): Promise<RunResult> {
    return Promise.resolve({ code: 0, stdout: '', stderr: '' });
  }
  exec(): Promise<GuestChannel & { stderr: NodeJS.ReadableStream }> {
    const out = Object.assign(new PassThrough(), { stderr: new PassThrough() });
    this.watchers.push(out);
    return Promise.resolve(out);
  }
  /** What the guest's watcher prints: the LISTEN lines of the given 127.0.0.1 ports. */
  listen(...ports: number[]): void {
    const lines = ports.map((p, i) => `   ${i}: 0100007F:${p.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 1 1`);
    this.watchers.at(-1)!.write(`${lines.join('\n')}\nEND\n`);
  }
  drop(): void {
    this.endConnection();
  }
  end(): void {
    this.endCalls++;
    this.endConnection();
  }
}

async function serverAnswering(text: string): Promise<number> {
  const server = net.createServer((s) => s.end(text));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as net.AddressInfo).port;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  return port;
}

function read(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

function setUp(portForwards: PortForward[], guestPorts: Record<number, number>, plain = false) {
  const connections: FakeConnection[] = [];
  const events: PortForwardEvent[] = [];
  const forwarding = new PortForwarding({
    portForwards,
    plain,
    sshLocalPort: 60022,
    littleEndian: true,
    connect: async () => {
      const connection = new FakeConnection(guestPorts);
      connections.push(connection);
      return connection;
    },
    logger: silentLogger,
    emit: (e) => events.push(e),
    retryMs: 20,
  });
  closers.push(() => forwarding.stop());
  return { forwarding, connections, events };
}

describe('PortForwarding', () => {
  it('forwards what the watcher reports, drops it with the connection, and brings it back on the next one', async () => {
    const app = await serverAnswering('from the guest');
    const hostPort = await freePort();
    const { forwarding, connections } = setUp([{ guestPort: 8080, hostPort }], { 8080: app });
    forwarding.start();
    await expect.poll(() => connections[0]?.watchers.length ?? 0).toBe(1);
    connections[0]!.listen(8080);
    await expect.poll(() => read(hostPort)).toBe('from the guest');
    expect(forwarding.list()).toEqual([{ protocol: 'tcp', guestAddr: '127.0.0.1:8080', hostAddr: `127.0.0.1:${hostPort}`, state: 'forwarding' }]);

    connections[0]!.drop();
    await expect.poll(() => read(hostPort)).toBe('ECONNREFUSED');
    expect(forwarding.list()).toEqual([]);

    await expect.poll(() => connections[1]?.watchers.length ?? 0).toBe(1);
    connections[1]!.listen(8080);
    await expect.poll(() => read(hostPort)).toBe('from the guest');
  });

  it('starts the watcher again when it dies while the connection lasts', async () => {
    const { forwarding, connections } = setUp([], {});
    forwarding.start();
    await expect.poll(() => connections[0]?.watchers.length ?? 0).toBe(1);
    connections[0]!.watchers[0]!.end();
    await expect.poll(() => connections[0]!.watchers.length).toBe(2);
    expect(connections).toHaveLength(1);
  });

  it('takes every forward down and closes the connection on stop', async () => {
    const app = await serverAnswering('x');
    const hostPort = await freePort();
    const { forwarding, connections, events } = setUp([{ guestPort: 3000, hostPort }], { 3000: app });
    forwarding.start();
    await expect.poll(() => connections[0]?.watchers.length ?? 0).toBe(1);
    connections[0]!.listen(3000, 22);
    await expect.poll(() => read(hostPort)).toBe('x');
    await forwarding.stop();
    expect(await read(hostPort)).toBe('ECONNREFUSED');
    expect(connections[0]!.endCalls).toBeGreaterThan(0);
    expect(connections).toHaveLength(1);
    expect(events.map((e) => `${e.type} ${e.guestAddr}`)).toEqual(['forwarding 127.0.0.1:3000', 'not-forwarding 127.0.0.1:22']);
  });

  it('keeps no connection in plain mode without static rules, and forwards only static ones with them', async () => {
    const none = setUp([], {}, true);
    none.forwarding.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(none.connections).toEqual([]);

    const app = await serverAnswering('static');
    const hostPort = await freePort();
    const withStatic = setUp([{ guestPort: 5432, hostPort, static: true }], { 5432: app }, true);
    withStatic.forwarding.start();
    await expect.poll(() => read(hostPort)).toBe('static');
    expect(withStatic.connections[0]!.watchers).toEqual([]);
  });

  it('dials a wildcard guest listener on its family\'s loopback', () => {
    expect(dialAddress({ ip: '0.0.0.0', port: 1 })).toBe('127.0.0.1');
    expect(dialAddress({ ip: '::', port: 1 })).toBe('::1');
    expect(dialAddress({ ip: '192.168.5.15', port: 1 })).toBe('192.168.5.15');
  });
});
