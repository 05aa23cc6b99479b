import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchHostAgentInfo } from './hostagent-info';

let dir: string;
let server: http.Server | undefined;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ha-'));
});
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function serve(handler: http.RequestListener): Promise<string> {
  const sock = path.join(dir, 'ha.sock');
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(sock, r));
  return sock;
}

describe('fetchHostAgentInfo', () => {
  it('GETs /v1/info over the unix socket', async () => {
    const seen: string[] = [];
    const sock = await serve((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ sshLocalPort: 60022, autoStartedIdentifier: 'launchd' }));
    });
    expect(await fetchHostAgentInfo(sock)).toEqual({ sshLocalPort: 60022, autoStartedIdentifier: 'launchd' });
    expect(seen).toEqual(['GET /v1/info']);
  });

  it('fails on a missing socket', async () => {
    await expect(fetchHostAgentInfo(path.join(dir, 'ha.sock'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('fails on a non-200 answer with its body', async () => {
    const sock = await serve((_req, res) => {
      res.statusCode = 500;
      res.end('boom');
    });
    await expect(fetchHostAgentInfo(sock)).rejects.toThrow('unexpected status 500');
  });

  it('fails on a body that is not JSON', async () => {
    const sock = await serve((_req, res) => res.end('<html>'));
    await expect(fetchHostAgentInfo(sock)).rejects.toThrow('invalid info');
  });

  it('gives up after the timeout when the agent never answers', async () => {
    const sock = await serve(() => {
      /* hang */
    });
    const started = Date.now();
    await expect(fetchHostAgentInfo(sock, 300)).rejects.toThrow('timed out after 300 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
