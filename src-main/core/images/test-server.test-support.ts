import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the test server misbehaves for one file. */
export interface ServedFile {
  body: Buffer;
  lastModified?: string;
  etag?: string;
  /** Close the connection after this many body bytes, for the first `dropTimes` responses. */
  dropAfterBytes?: number;
  dropTimes?: number;
  /** Answer every request with the whole file, as a server without Range support does. */
  ignoreRange?: boolean;
  /** Send these bytes instead of the body (a corrupted mirror). */
  corruptWith?: Buffer;
  /** Pause between chunks so progress has time to be measured. */
  chunkDelayMs?: number;
  chunkSize?: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  range?: string;
  ifRange?: string;
  status: number;
  bytesSent: number;
}

export interface TestServer {
  url(path: string): string;
  files: Map<string, ServedFile>;
  requests: RequestRecord[];
  close(): Promise<void>;
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d+)-(\d*)$/.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** A real HTTP server on 127.0.0.1 with a random port, serving in-memory files and logging every request. */
export async function startTestServer(): Promise<TestServer> {
  const files = new Map<string, ServedFile>();
  const requests: RequestRecord[] = [];
  const drops = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const record: RequestRecord = { method: req.method ?? '', path: pathname, status: 0, bytesSent: 0 };
    if (req.headers.range) record.range = req.headers.range;
    if (typeof req.headers['if-range'] === 'string') record.ifRange = req.headers['if-range'];
    requests.push(record);
    const file = files.get(pathname);
    if (!file) {
      record.status = 404;
      res.writeHead(404).end('not found');
      return;
    }
    const body = file.corruptWith ?? file.body;
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/octet-stream' };
    if (file.lastModified) headers['last-modified'] = file.lastModified;
    if (file.etag) headers.etag = file.etag;
    if (!file.ignoreRange) headers['accept-ranges'] = 'bytes';
    const validatorOk = !record.ifRange || record.ifRange === file.etag || record.ifRange === file.lastModified;
    const range = file.ignoreRange || !validatorOk ? undefined : parseRange(req.headers.range, body.length);
    if (range === 'unsatisfiable') {
      record.status = 416;
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? body.length - 1;
    record.status = range ? 206 : 200;
    if (range) headers['content-range'] = `bytes ${start}-${end}/${body.length}`;
    headers['content-length'] = end - start + 1;
    res.writeHead(record.status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const dropped = drops.get(pathname) ?? 0;
    const dropAt = file.dropAfterBytes !== undefined && dropped < (file.dropTimes ?? 1) ? file.dropAfterBytes : undefined;
    if (dropAt !== undefined) drops.set(pathname, dropped + 1);
    const chunkSize = file.chunkSize ?? 64 * 1024;
    let pos = start;
    const pump = (): void => {
      while (pos <= end) {
        if (dropAt !== undefined && record.bytesSent >= dropAt) {
          // end() flushes what was written, then closes: the client gets exactly dropAt bytes.
          res.socket?.end();
          return;
        }
        let n = Math.min(chunkSize, end + 1 - pos);
        if (dropAt !== undefined) n = Math.min(n, dropAt - record.bytesSent);
        const ok = res.write(body.subarray(pos, pos + n));
        pos += n;
        record.bytesSent += n;
        if (file.chunkDelayMs) {
          setTimeout(pump, file.chunkDelayMs);
          return;
        }
        if (!ok) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (p) => `http://127.0.0.1:${port}${p}`,
    files,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
