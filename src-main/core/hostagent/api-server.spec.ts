import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger';
import { fetchHostAgentInfo } from '../store/hostagent-info';
import { HostAgentApi } from './api-server';
import type { HostAgentEvent } from './events';
import { readPortForwards } from './port-forward/client';
import type { PortForwardEntry } from './port-forward/types';
import { useTempDir } from '../../../test/support/temp-dir';

const noForwards = (): { forwards: PortForwardEntry[] } => ({ forwards: [] });

let dir: string;
useTempDir('limadesk-api-', (d) => (dir = d));

function get(socketPath: string, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: p }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('HostAgentApi', () => {
  it('answers /v1/info as the status rules expect, and /v1/status with the latest event', async () => {
    const sock = path.join(dir, 'ha.sock');
    const latest: HostAgentEvent = { time: '2026-01-02T03:04:05.000Z', status: { running: true, sshLocalPort: 4242 } };
    const api = new HostAgentApi({ sshLocalPort: () => 4242, latest: () => latest, portForwards: noForwards }, silentLogger);
    await api.listen(sock);
    try {
      expect(await fetchHostAgentInfo(sock)).toEqual({ sshLocalPort: 4242 });
      expect(JSON.parse((await get(sock, '/v1/status')).body)).toEqual(latest);
      expect((await get(sock, '/v1/nope')).status).toBe(404);
    } finally {
      await api.close();
    }
  });

  it('streams events on /v1/events as they are published, until close', async () => {
    const sock = path.join(dir, 'ha.sock');
    const api = new HostAgentApi({ sshLocalPort: () => 1, latest: () => undefined, portForwards: noForwards }, silentLogger);
    await api.listen(sock);
    const lines: string[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      http
        .get({ socketPath: sock, path: '/v1/events' }, (res) => {
          res.on('data', (c: Buffer) => lines.push(...c.toString().split('\n').filter(Boolean)));
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 100));
    api.publish({ time: '2026-01-02T03:04:05.000Z', status: { sshLocalPort: 1 } });
    api.publish({ time: '2026-01-02T03:04:06.000Z', status: { exiting: true } });
    await new Promise((r) => setTimeout(r, 100));
    await api.close();
    await ended;
    expect(lines.map((l) => JSON.parse(l).status)).toEqual([{ sshLocalPort: 1 }, { exiting: true }]);
  });

  it('replaces a stale socket file left by a crashed agent', async () => {
    const sock = path.join(dir, 'ha.sock');
    const first = new HostAgentApi({ sshLocalPort: () => 1, latest: () => undefined, portForwards: noForwards }, silentLogger);
    await first.listen(sock);
    // Simulate a crash: the file stays, nobody listens any more.
    await new Promise<void>((r) => (first as unknown as { server: http.Server }).server.close(() => r()));
    const second = new HostAgentApi({ sshLocalPort: () => 2, latest: () => undefined, portForwards: noForwards }, silentLogger);
    await second.listen(sock);
    expect((await fetchHostAgentInfo(sock)).sshLocalPort).toBe(2);
    await second.close();
    await first.close();
  });

  it('serves the forward list on /v1/port-forwards, which readPortForwards reads back', async () => {
    const sock = path.join(dir, 'ha.sock');
    const forwards: PortForwardEntry[] = [
      { protocol: 'tcp', guestAddr: '127.0.0.1:8080', hostAddr: '127.0.0.1:8080', state: 'forwarding' },
      { protocol: 'tcp', guestAddr: '0.0.0.0:22', state: 'not-forwarding' },
      { protocol: 'tcp', guestAddr: '[::]:80', hostAddr: '127.0.0.1:80', state: 'failed', error: 'listen tcp 127.0.0.1:80: bind: permission denied' },
      { protocol: 'unix', guestAddr: '/run/user/1000/docker.sock', hostAddr: '/home/u/.lima/docker/sock/docker.sock', state: 'forwarding' },
      { protocol: 'unix', guestAddr: '/tmp/agent.sock', hostAddr: '/tmp/host-agent.sock', state: 'forwarding', reverse: true },
    ];
    const api = new HostAgentApi({ sshLocalPort: () => 1, latest: () => undefined, portForwards: () => ({ forwards }) }, silentLogger);
    await api.listen(sock);
    try {
      expect(await readPortForwards(sock)).toEqual(forwards);
    } finally {
      await api.close();
    }
  });

  it('readPortForwards rejects an answer that is not a forward list, naming the socket', async () => {
    const sock = path.join(dir, 'ha.sock');
    const server = http.createServer((_req, res) => res.end(JSON.stringify({ forwards: [{ protocol: 'sctp', guestAddr: 'x', state: 'forwarding' }] })));
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      await expect(readPortForwards(sock)).rejects.toThrow(`invalid port forward list from ${sock}: forwards[0].protocol is not tcp or unix`);
    } finally {
      await new Promise((r) => server.close(r));
    }
    await expect(readPortForwards(path.join(dir, 'none.sock'))).rejects.toThrow(/ENOENT/);
  });
});
