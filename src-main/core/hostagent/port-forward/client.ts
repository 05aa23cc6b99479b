import http from 'node:http';
import type { PortForwardEntry } from './types';

const TIMEOUT_MS = 3000;
const STATES = new Set(['forwarding', 'failed', 'not-forwarding']);
const PROTOCOLS = new Set(['tcp', 'unix']);

function entryOf(value: unknown, index: number): PortForwardEntry {
  if (typeof value !== 'object' || value === null) throw new Error(`forwards[${index}] is not an object`);
  const v = value as Record<string, unknown>;
  if (typeof v.protocol !== 'string' || !PROTOCOLS.has(v.protocol)) throw new Error(`forwards[${index}].protocol is not tcp or unix`);
  if (typeof v.guestAddr !== 'string') throw new Error(`forwards[${index}].guestAddr is not a string`);
  if (typeof v.state !== 'string' || !STATES.has(v.state)) throw new Error(`forwards[${index}].state is not one of ${[...STATES].join(', ')}`);
  const entry: PortForwardEntry = { protocol: v.protocol as PortForwardEntry['protocol'], guestAddr: v.guestAddr, state: v.state as PortForwardEntry['state'] };
  if (typeof v.hostAddr === 'string') entry.hostAddr = v.hostAddr;
  if (v.reverse === true) entry.reverse = true;
  if (v.static === true) entry.static = true;
  if (typeof v.error === 'string') entry.error = v.error;
  return entry;
}

/**
 * The port forwards of a running instance, asked of its host agent on `ha.sock`
 * (`GET /v1/port-forwards`): each guest listener or socket the agent knows of, where it is
 * forwarded on the host (`hostAddr`), and whether that worked (`state`, `error`). Empty until
 * the guest answers SSH. Rejects when nothing answers on the socket within `timeoutMs`.
 */
export function readPortForwards(haSockPath: string, timeoutMs = TIMEOUT_MS): Promise<PortForwardEntry[]> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: haSockPath, path: '/v1/port-forwards', method: 'GET', host: 'lima-hostagent', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          reject(new Error(`unexpected status ${res.statusCode ?? '?'} from ${haSockPath}: ${body.trim()}`));
          return;
        }
        try {
          const value = JSON.parse(body) as { forwards?: unknown };
          if (!Array.isArray(value?.forwards)) throw new Error('no forwards list');
          resolve(value.forwards.map(entryOf));
        } catch (err) {
          reject(new Error(`invalid port forward list from ${haSockPath}: ${(err as Error).message}`, { cause: err }));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms waiting for ${haSockPath}`)));
    req.on('error', reject);
    req.end();
  });
}
