import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogFields, Logger, LogLevel } from '../../../common/logger';
import type { PortForward } from '../../config/types';
import type { GuestListener } from './proc-net-tcp';
import { portForwardRules } from './rules';
import { TcpForwarder } from './tcp-forwarder';
import type { PortForwardEvent } from './types';

// The "guest" here is a TCP server on this host, reached by a plain TCP connection instead of an
// SSH channel: what these tests look at is the host side (which address is bound, what is
// reported, what is closed). The SSH leg against the real guest's sshd is test/e2e/port-forward.e2e.ts.

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

function recordingLogger(): Logger & { lines: Array<{ level: LogLevel; message: string; fields?: LogFields }> } {
  const lines: Array<{ level: LogLevel; message: string; fields?: LogFields }> = [];
  const at = (level: LogLevel) => (message: string, fields?: LogFields) => void lines.push({ level, message, ...(fields ? { fields } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

async function listenOn(port: number, onConnection: (socket: net.Socket) => void = () => {}): Promise<net.Server> {
  const server = net.createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  closers.push(() => new Promise((r) => {
    for (const s of sockets) s.destroy();
    server.close(() => r());
  }));
  return server;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  return port;
}

/** A guest app that greets with `text` and echoes what it gets. */
async function guestApp(text: string): Promise<number> {
  const server = await listenOn(0, (socket) => {
    socket.write(text);
    socket.pipe(socket);
  });
  return (server.address() as net.AddressInfo).port;
}

/** What a host client reads from `port` within the first answer, or the connect error's code. */
function readFrom(port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('data', (d) => {
      resolve(d.toString());
      socket.destroy();
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

function makeForwarder(portForwards: PortForward[], guestPorts: Record<number, number>, tcpDisabled = false) {
  const logger = recordingLogger();
  const events: PortForwardEvent[] = [];
  const opened: GuestListener[] = [];
  const { rules } = portForwardRules(portForwards, 60022);
  const forwarder = new TcpForwarder({
    rules,
    tcpDisabled,
    logger,
    emit: (e) => events.push(e),
    openTcp: async (guest) => {
      opened.push(guest);
      const port = guestPorts[guest.port];
      if (!port) throw new Error(`nothing listens on guest port ${guest.port}`);
      return net.connect({ host: '127.0.0.1', port });
    },
  });
  closers.push(() => forwarder.closeAll());
  return { forwarder, logger, events, opened };
}

describe('TcpForwarder', () => {
  it('forwards a new guest listener to the host address its rule names, in Lima words, and lists it', async () => {
    const app = await guestApp('hello from the guest');
    const hostPort = await freePort();
    const { forwarder, logger, events } = makeForwarder([{ guestPort: 8080, hostPort }], { 8080: app });
    await forwarder.update([{ ip: '127.0.0.1', port: 8080 }]);
    expect(await readFrom(hostPort)).toBe('hello from the guest');
    expect(logger.lines).toContainEqual({ level: 'info', message: `Forwarding TCP from 127.0.0.1:8080 to 127.0.0.1:${hostPort}` });
    expect(events).toEqual([{ type: 'forwarding', protocol: 'tcp', guestAddr: '127.0.0.1:8080', hostAddr: `127.0.0.1:${hostPort}` }]);
    expect(forwarder.list()).toEqual([{ protocol: 'tcp', guestAddr: '127.0.0.1:8080', hostAddr: `127.0.0.1:${hostPort}`, state: 'forwarding' }]);
  });

  it('carries bytes both ways and keeps a half-closed connection until the answer is in', async () => {
    const app = await guestApp('');
    const hostPort = await freePort();
    const { forwarder } = makeForwarder([{ guestPort: 3000, hostPort }], { 3000: app });
    await forwarder.update([{ ip: '0.0.0.0', port: 3000 }]);
    const echoed = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: hostPort, allowHalfOpen: true });
      let got = '';
      socket.on('data', (d) => (got += d.toString()));
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
      socket.end('ping-pong');
    });
    expect(echoed).toBe('ping-pong');
  });

  it('reports a host port that is taken, as an event and a warning, and keeps the other forwards working', async () => {
    const app = await guestApp('second');
    const [takenPort, freeHostPort] = [await freePort(), await freePort()];
    await listenOn(takenPort);
    const { forwarder, logger, events } = makeForwarder(
      [{ guestPort: 7001, hostPort: takenPort }, { guestPort: 7002, hostPort: freeHostPort }],
      { 7001: app, 7002: app },
    );
    await forwarder.update([{ ip: '127.0.0.1', port: 7001 }, { ip: '127.0.0.1', port: 7002 }]);
    const failure = `listen tcp 127.0.0.1:${takenPort}: bind: address already in use`;
    expect(events).toContainEqual({ type: 'failed', protocol: 'tcp', guestAddr: '127.0.0.1:7001', hostAddr: `127.0.0.1:${takenPort}`, error: failure });
    expect(logger.lines).toContainEqual({ level: 'warn', message: `failed to listen tcp: 127.0.0.1:${takenPort}`, fields: { error: failure } });
    expect(await readFrom(freeHostPort)).toBe('second');
    expect(forwarder.list()).toContainEqual({ protocol: 'tcp', guestAddr: '127.0.0.1:7001', hostAddr: `127.0.0.1:${takenPort}`, state: 'failed', error: failure });
  });

  it('closes the host listener when the guest listener goes away', async () => {
    const app = await guestApp('here');
    const hostPort = await freePort();
    const { forwarder, logger, events } = makeForwarder([{ guestPort: 8080, hostPort }], { 8080: app });
    await forwarder.update([{ ip: '127.0.0.1', port: 8080 }]);
    expect(await readFrom(hostPort)).toBe('here');
    await forwarder.update([]);
    expect(await readFrom(hostPort)).toBe('ECONNREFUSED');
    expect(logger.lines).toContainEqual({ level: 'info', message: `Stopping forwarding TCP from 127.0.0.1:8080 to 127.0.0.1:${hostPort}` });
    expect(events.at(-1)).toEqual({ type: 'stopping', protocol: 'tcp', guestAddr: '127.0.0.1:8080', hostAddr: `127.0.0.1:${hostPort}` });
    expect(forwarder.list()).toEqual([]);
  });

  it('serves a port the guest listens on for IPv4 and IPv6 from one host listener, until both are gone', async () => {
    const app = await guestApp('dual');
    const hostPort = await freePort();
    const { forwarder, events } = makeForwarder([{ guestPort: 9000, hostPort }], { 9000: app });
    await forwarder.update([{ ip: '0.0.0.0', port: 9000 }, { ip: '::', port: 9000 }]);
    expect(events.filter((e) => e.type === 'failed')).toEqual([]);
    await forwarder.update([{ ip: '::', port: 9000 }]);
    expect(await readFrom(hostPort)).toBe('dual');
    await forwarder.update([]);
    expect(await readFrom(hostPort)).toBe('ECONNREFUSED');
  });

  it('says "Not forwarding" for listeners no rule forwards (the SSH port), unless TCP forwarding is off', async () => {
    const first = makeForwarder([], {});
    await first.forwarder.update([{ ip: '0.0.0.0', port: 22 }, { ip: '192.168.5.15', port: 8080 }]);
    expect(first.logger.lines.map((l) => l.message)).toEqual(['Not forwarding TCP 0.0.0.0:22', 'Not forwarding TCP 192.168.5.15:8080']);
    expect(first.events).toEqual([
      { type: 'not-forwarding', protocol: 'tcp', guestAddr: '0.0.0.0:22' },
      { type: 'not-forwarding', protocol: 'tcp', guestAddr: '192.168.5.15:8080' },
    ]);
    expect(first.forwarder.list().map((e) => e.state)).toEqual(['not-forwarding', 'not-forwarding']);

    const quiet = makeForwarder([{ ignore: true, proto: 'tcp' }], {}, true);
    await quiet.forwarder.update([{ ip: '127.0.0.1', port: 8080 }]);
    expect(quiet.logger.lines).toEqual([]);
    expect(quiet.events).toEqual([]);
  });

  it('sets static forwards up at once and leaves their ports alone when the guest listens', async () => {
    const app = await guestApp('static');
    const hostPort = await freePort();
    const { forwarder, logger, opened } = makeForwarder([{ guestPort: 5432, hostPort, static: true }], { 5432: app });
    await forwarder.addStatic();
    expect(logger.lines).toContainEqual({ level: 'info', message: `Setting up static TCP forwarding from 127.0.0.1:5432 to 127.0.0.1:${hostPort}` });
    expect(await readFrom(hostPort)).toBe('static');
    await forwarder.update([{ ip: '127.0.0.1', port: 5432 }]);
    expect(logger.lines.filter((l) => l.message.startsWith('Forwarding TCP'))).toEqual([]);
    expect(opened).toEqual([{ ip: '127.0.0.1', port: 5432 }]);
  });

  it('binds only the rule\'s host address', async () => {
    const app = await guestApp('loopback only');
    const hostPort = await freePort();
    const { forwarder } = makeForwarder([{ guestPort: 8080, hostPort }], { 8080: app });
    await forwarder.update([{ ip: '0.0.0.0', port: 8080 }]);
    // 127.0.0.1 is bound, so another program can still take the port on another loopback address.
    const other = net.createServer();
    await new Promise<void>((resolve, reject) => {
      other.once('error', reject);
      other.listen(hostPort, '127.0.0.2', resolve);
    });
    await new Promise((r) => other.close(r));
  });
});
