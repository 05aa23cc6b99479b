import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger';
import { useTempDir } from '../../../test/support/temp-dir';
import { HostAgentApi } from './api-server';
import { readBlockStats, type BlockStat } from './block-stats';

let dir: string;
useTempDir('limadesk-bs-', (d) => (dir = d));

const state = { sshLocalPort: () => 1, latest: () => undefined, portForwards: () => ({ forwards: [] }) };
const drives: BlockStat[] = [{ device: 'virtio0', rdBytes: 4096, wrBytes: 512, rdOperations: 2, wrOperations: 1 }];

describe('GET /v1/blockstats on ha.sock', () => {
  it('serves the drives the agent reads, and says why when it cannot', async () => {
    const sock = path.join(dir, 'ha.sock');
    let fail = false;
    const api = new HostAgentApi({ ...state, blockStats: () => (fail ? Promise.reject(new Error('no QMP')) : Promise.resolve(drives)) }, silentLogger);
    await api.listen(sock);
    try {
      expect(await readBlockStats(sock)).toEqual(drives);
      fail = true;
      await expect(readBlockStats(sock)).rejects.toThrow('QMP query-blockstats failed: no QMP');
    } finally {
      await api.close();
    }
  });

  it('reads as "no figures" from an agent without the route (limactl\'s)', async () => {
    const sock = path.join(dir, 'other.sock');
    const server = http.createServer((_req, res) => res.writeHead(404).end('404 page not found\n'));
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      expect(await readBlockStats(sock)).toBeUndefined();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
