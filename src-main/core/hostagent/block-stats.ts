import http from 'node:http';
import type { Logger } from '../../common/logger';
import { QmpClient } from '../qmp/client';

/** The I/O counters of one drive since QEMU started, as `query-blockstats` reports them. */
export interface BlockStat {
  /** The drive's id (`virtio0`, `boot-disk`, …), else its device path or node name. */
  device: string;
  rdBytes: number;
  wrBytes: number;
  rdOperations: number;
  wrOperations: number;
}

// Two readers asking within this window get the same answer: one QMP round trip serves both.
const FRESH_MS = 1000;

/**
 * Reads the drives' counters over QMP for the host agent's `GET /v1/blockstats`. QEMU serves
 * one QMP client at a time, so each read connects, asks and closes at once (as the driver's
 * own commands do), never two at a time, and answers that come close together are shared.
 */
export function blockStatsReader(qmpSocket: string, logger: Logger): () => Promise<BlockStat[]> {
  let last: { at: number; stats: BlockStat[] } | undefined;
  let inFlight: Promise<BlockStat[]> | undefined;
  const read = async (): Promise<BlockStat[]> => {
    const client = await QmpClient.connect(qmpSocket, { dialTimeoutMs: 2000, greetingTimeoutMs: 2000, logger });
    try {
      const answer = await client.execute('query-blockstats', undefined, { timeoutMs: 2000 });
      return answer.map((drive) => ({
        device: drive.device || drive.qdev || drive['node-name'] || '',
        rdBytes: drive.stats.rd_bytes,
        wrBytes: drive.stats.wr_bytes,
        rdOperations: drive.stats.rd_operations,
        wrOperations: drive.stats.wr_operations,
      }));
    } finally {
      client.close();
    }
  };
  return () => {
    if (last && Date.now() - last.at < FRESH_MS) return Promise.resolve(last.stats);
    inFlight ??= read()
      .then((stats) => {
        last = { at: Date.now(), stats };
        return stats;
      })
      .finally(() => (inFlight = undefined));
    return inFlight;
  };
}

function isBlockStat(v: unknown): v is BlockStat {
  const o = v as Record<string, unknown> | null;
  return typeof o === 'object' && o !== null && typeof o.device === 'string' && ['rdBytes', 'wrBytes', 'rdOperations', 'wrOperations'].every((k) => typeof o[k] === 'number');
}

/**
 * Asks a running instance's host agent for its drives' counters (`GET /v1/blockstats` on
 * ha.sock). Resolves to undefined when the agent has no such route (an agent of limactl, or
 * of an older Limadesk), so that callers show no disk rates rather than an error.
 */
export function readBlockStats(haSockPath: string, timeoutMs = 3000): Promise<BlockStat[] | undefined> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: haSockPath, path: '/v1/blockstats', method: 'GET', host: 'lima-hostagent', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 404) return resolve(undefined);
        if (res.statusCode !== 200) return reject(new Error(`unexpected status ${res.statusCode ?? '?'} from ${haSockPath}: ${body.trim()}`));
        try {
          const value = JSON.parse(body) as { drives?: unknown };
          if (!Array.isArray(value.drives) || !value.drives.every(isBlockStat)) throw new Error('no drives list');
          resolve(value.drives);
        } catch (err) {
          reject(new Error(`invalid block stats from ${haSockPath}: ${(err as Error).message}`, { cause: err }));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms waiting for ${haSockPath}`)));
    req.on('error', reject);
    req.end();
  });
}
