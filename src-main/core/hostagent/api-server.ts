import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { Logger } from '../../common/logger';
import type { BlockStat } from './block-stats';
import type { HostAgentEvent } from './events';
import type { PortForwardList } from './port-forward/types';

export interface ApiState {
  sshLocalPort(): number;
  /** The last event emitted, if any. */
  latest(): HostAgentEvent | undefined;
  /** The current forwards (empty until the guest answers SSH). */
  portForwards(): PortForwardList;
  /** The drives' I/O counters, read from QEMU when asked; absent before QEMU runs. */
  blockStats?(): Promise<BlockStat[]>;
}

/**
 * The host agent's HTTP API on its unix socket (`ha.sock`), with Lima's routes:
 * `GET /v1/info` → `{"sshLocalPort":N}` (what Lima's status rules ask), plus
 * `GET /v1/status` (the latest event), `GET /v1/events` (newline-delimited JSON, the
 * latest event first, then each new one as it is emitted, until the agent exits) and
 * `GET /v1/port-forwards` (Limadesk's: the forward list, see port-forward/client.ts) and
 * `GET /v1/blockstats` (Limadesk's: `{"drives": [...]}`, QEMU's disk counters, see block-stats.ts).
 */
export class HostAgentApi {
  private readonly server: http.Server;
  private readonly streams = new Set<http.ServerResponse>();

  constructor(private readonly state: ApiState, private readonly logger: Logger) {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  async listen(socketPath: string): Promise<void> {
    // A socket file left by a crashed agent would make listen fail with EADDRINUSE.
    await rm(socketPath, { force: true });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(socketPath, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  publish(event: HostAgentEvent): void {
    const line = `${JSON.stringify(event)}\n`;
    for (const res of this.streams) res.write(line);
  }

  async close(): Promise<void> {
    for (const res of this.streams) res.end();
    this.streams.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://lima-hostagent');
    if (req.method !== 'GET') {
      this.json(res, 405, { error: `method ${req.method ?? '?'} not allowed` });
      return;
    }
    switch (url.pathname) {
      case '/v1/info':
        this.json(res, 200, { sshLocalPort: this.state.sshLocalPort() });
        return;
      case '/v1/port-forwards':
        this.json(res, 200, this.state.portForwards());
        return;
      case '/v1/blockstats':
        this.blockStats(res);
        return;
      case '/v1/status':
        this.json(res, 200, this.state.latest() ?? { time: new Date().toISOString(), status: {} });
        return;
      case '/v1/events': {
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache' });
        const latest = this.state.latest();
        if (latest) res.write(`${JSON.stringify(latest)}\n`);
        this.streams.add(res);
        res.on('close', () => this.streams.delete(res));
        return;
      }
      default:
        this.logger.debug('unknown API path', { path: url.pathname });
        this.json(res, 404, { error: `no route ${url.pathname}` });
    }
  }

  private blockStats(res: http.ServerResponse): void {
    const read = this.state.blockStats;
    if (!read) {
      this.json(res, 503, { error: 'the VM is not running yet' });
      return;
    }
    read().then(
      (drives) => this.json(res, 200, { drives }),
      (err: Error) => this.json(res, 503, { error: `QMP query-blockstats failed: ${err.message}` }),
    );
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
