import http from 'node:http';

/** What the host agent answers on `GET /v1/info`. */
export interface HostAgentInfo {
  sshLocalPort: number;
  autoStartedIdentifier?: string;
}

const INFO_TIMEOUT_MS = 3000;

/** Asks a running host agent for its info over its unix socket (`ha.sock`), 3 s at most. */
export function fetchHostAgentInfo(socketPath: string, timeoutMs = INFO_TIMEOUT_MS): Promise<HostAgentInfo> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: '/v1/info', method: 'GET', host: 'lima-hostagent', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          reject(new Error(`unexpected status ${res.statusCode ?? '?'} from ${socketPath}: ${body.trim()}`));
          return;
        }
        try {
          resolve(parseInfo(body));
        } catch (err) {
          reject(new Error(`invalid info from ${socketPath}: ${(err as Error).message}`, { cause: err }));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms waiting for ${socketPath}`)));
    req.on('error', reject);
    req.end();
  });
}

function parseInfo(body: string): HostAgentInfo {
  const value: unknown = JSON.parse(body);
  if (typeof value !== 'object' || value === null) throw new Error('not a JSON object');
  const obj = value as Record<string, unknown>;
  const port = obj.sshLocalPort ?? 0;
  if (typeof port !== 'number' || !Number.isInteger(port)) throw new Error('sshLocalPort is not an integer');
  const info: HostAgentInfo = { sshLocalPort: port };
  if (typeof obj.autoStartedIdentifier === 'string') info.autoStartedIdentifier = obj.autoStartedIdentifier;
  return info;
}
