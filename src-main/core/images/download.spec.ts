import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheEntry, cacheKey } from './cache-entry';
import { downloadFile, type DownloadRequest } from './download';
import type { DownloadProgress } from './progress';
import { startTestServer, type TestServer } from './test-server.test-support';

let root: string;
let cacheDir: string;
let server: TestServer;
let counter = 0;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'limadesk-dl-'));
  cacheDir = path.join(root, 'cache', 'lima');
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const sha512 = (b: Buffer): string => `sha512:${createHash('sha512').update(b).digest('hex')}`;

function request(location: string, extra: Partial<DownloadRequest> = {}): DownloadRequest {
  return { location, field: 'images[0].location', dest: path.join(root, `out-${++counter}`), decompress: true, description: 'the image (x)', cacheDir, ...extra };
}

const gets = (): number => server.requests.filter((r) => r.method === 'GET').length;

describe('downloadFile over HTTP', () => {
  it('reports progress in order, ends with done, and lays the cache out as Lima does', async () => {
    const body = randomBytes(1024 * 1024);
    server.files.set('/disk.img', { body, lastModified: 'Tue, 01 Oct 2024 10:00:00 GMT', etag: '"v1"', chunkSize: 32 * 1024, chunkDelayMs: 15 });
    const url = server.url('/disk.img');
    const events: DownloadProgress[] = [];
    const started = Date.now();
    const req = request(url, { digest: sha256(body), onProgress: (p) => events.push(p) });
    const result = await downloadFile(req);
    const elapsed = Date.now() - started;

    expect(result.status).toBe('downloaded');
    expect(await readFile(req.dest)).toEqual(body);
    expect(events.length).toBeGreaterThan(2);
    // At most ~10 reports a second, plus the first and the final one.
    expect(events.length).toBeLessThanOrEqual(elapsed / 100 + 3);
    for (let i = 1; i < events.length; i++) expect(events[i]!.receivedBytes).toBeGreaterThanOrEqual(events[i - 1]!.receivedBytes);
    expect(events.slice(0, -1).every((e) => !e.done)).toBe(true);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ done: true, receivedBytes: body.length, totalBytes: body.length, url });
    expect(last.error).toBeUndefined();
    const measured = events.find((e) => e.bytesPerSecond !== undefined && e.etaSeconds !== undefined);
    expect(measured?.bytesPerSecond).toBeGreaterThan(0);

    const entry = cacheEntry(cacheDir, url);
    expect(entry.dir).toBe(path.join(cacheDir, 'download', 'by-url-sha256', createHash('sha256').update(url).digest('hex')));
    expect(cacheKey(url)).toHaveLength(64);
    expect((await readdir(entry.dir)).sort()).toEqual(['data', 'etag', 'sha256.digest', 'time', 'type', 'url']);
    expect(await readFile(entry.url, 'utf8')).toBe(url);
    expect(await readFile(entry.time, 'utf8')).toBe('Tue, 01 Oct 2024 10:00:00 GMT');
    expect(await readFile(entry.type, 'utf8')).toBe('application/octet-stream');
    expect(await readFile(path.join(entry.dir, 'sha256.digest'), 'utf8')).toBe(sha256(body));
  });

  it('uses the cache on the second download without any request when the digest is known', async () => {
    const body = randomBytes(200_000);
    server.files.set('/c.img', { body });
    const url = server.url('/c.img');
    await downloadFile(request(url, { digest: sha512(body) }));
    expect(server.requests).toHaveLength(1);
    const second = request(url, { digest: sha512(body) });
    const progress: DownloadProgress[] = [];
    const result = await downloadFile({ ...second, onProgress: (p) => progress.push(p) });
    expect(result.status).toBe('used-cache');
    expect(server.requests).toHaveLength(1);
    expect(progress).toEqual([]);
    expect(await readFile(second.dest)).toEqual(body);
    expect(existsSync(path.join(cacheEntry(cacheDir, url).dir, 'sha512.digest'))).toBe(true);
  });

  it('without a digest, revalidates the cache with a HEAD and downloads again when Last-Modified changed', async () => {
    const body = Buffer.from('version one');
    server.files.set('/n.img', { body, lastModified: 'Tue, 01 Oct 2024 10:00:00 GMT' });
    const url = server.url('/n.img');
    await downloadFile(request(url));
    const hit = request(url);
    expect((await downloadFile(hit)).status).toBe('used-cache');
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'HEAD']);

    server.files.set('/n.img', { body: Buffer.from('version two'), lastModified: 'Wed, 02 Oct 2024 10:00:00 GMT' });
    const changed = request(url);
    expect((await downloadFile(changed)).status).toBe('downloaded');
    expect(await readFile(changed.dest, 'utf8')).toBe('version two');
  });

  it('resumes with Range after the connection drops, sending only the missing bytes again', async () => {
    const body = randomBytes(600_000);
    server.files.set('/r.img', { body, etag: '"r1"', dropAfterBytes: 250_000 });
    const url = server.url('/r.img');
    const events: DownloadProgress[] = [];
    const req = request(url, { digest: sha256(body), onProgress: (p) => events.push(p) });
    await downloadFile(req);
    expect(await readFile(req.dest)).toEqual(body);
    const getsMade = server.requests.filter((r) => r.method === 'GET');
    expect(getsMade).toHaveLength(2);
    expect(getsMade[0]!.bytesSent).toBe(250_000);
    // The second request starts where the partial file ends: at most what the server sent
    // (bytes still unread when the connection broke are lost), and past zero.
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(getsMade[1]!.range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(250_000);
    expect(getsMade[1]).toMatchObject({ status: 206, ifRange: '"r1"', bytesSent: body.length - resumedAt });
    expect(getsMade.reduce((n, r) => n + r.bytesSent, 0)).toBeLessThan(body.length + 250_000);
    expect(events.at(-1)).toMatchObject({ done: true, receivedBytes: body.length, resumedFromBytes: resumedAt });
  });

  it('keeps the partial file when cancelled and resumes it on the next call', async () => {
    const body = randomBytes(512 * 1024);
    server.files.set('/a.img', { body, chunkSize: 16 * 1024, chunkDelayMs: 5 });
    const url = server.url('/a.img');
    const abort = new AbortController();
    const first = request(url, {
      digest: sha256(body),
      signal: abort.signal,
      onProgress: (p) => {
        if (p.receivedBytes >= 128 * 1024) abort.abort();
      },
    });
    await expect(downloadFile(first)).rejects.toThrow();
    expect(existsSync(first.dest)).toBe(false);
    const partial = await readFile(cacheEntry(cacheDir, url).partial);
    expect(partial.length).toBeGreaterThanOrEqual(128 * 1024);
    expect(partial.length).toBeLessThan(body.length);

    const second = request(url, { digest: sha256(body) });
    await downloadFile(second);
    expect(await readFile(second.dest)).toEqual(body);
    expect(server.requests.at(-1)).toMatchObject({ range: `bytes=${partial.length}-`, status: 206 });
    expect(existsSync(cacheEntry(cacheDir, url).partial)).toBe(false);
  });

  it('starts over cleanly when the server ignores Range', async () => {
    const body = randomBytes(300_000);
    server.files.set('/i.img', { body, ignoreRange: true });
    const url = server.url('/i.img');
    const entry = cacheEntry(cacheDir, url);
    await mkdir(entry.dir, { recursive: true });
    await writeFile(entry.partial, body.subarray(0, 100_000));
    const req = request(url, { digest: sha256(body) });
    await downloadFile(req);
    expect(await readFile(req.dest)).toEqual(body);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ range: 'bytes=100000-', status: 200, bytesSent: body.length });
  });

  it('starts over cleanly when the partial file is bigger than the file on the server', async () => {
    const body = randomBytes(50_000);
    server.files.set('/b.img', { body });
    const url = server.url('/b.img');
    const entry = cacheEntry(cacheDir, url);
    await mkdir(entry.dir, { recursive: true });
    await writeFile(entry.partial, randomBytes(80_000));
    const req = request(url, { digest: sha256(body) });
    await downloadFile(req);
    expect(await readFile(req.dest)).toEqual(body);
    expect(server.requests.map((r) => r.status)).toEqual([416, 200]);
  });

  it('deletes a download with the wrong digest and names the URL and both digests', async () => {
    const body = randomBytes(100_000);
    const served = Buffer.from(body);
    served[5000] = served[5000]! ^ 0xff;
    server.files.set('/w.img', { body, corruptWith: served });
    const url = server.url('/w.img');
    const req = request(url, { digest: sha256(body) });
    const err = (await downloadFile(req).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(url);
    expect(err.message).toContain(`expected digest "${sha256(body)}"`);
    expect(err.message).toContain(`got "${sha256(served)}"`);
    expect(err.message).toContain('images[0].digest');
    const entry = cacheEntry(cacheDir, url);
    expect(existsSync(entry.data)).toBe(false);
    expect(existsSync(entry.partial)).toBe(false);
    expect(existsSync(path.join(entry.dir, 'sha256.digest'))).toBe(false);
    expect(existsSync(req.dest)).toBe(false);
  });

  it('names the field, the URL and the status when the server answers 404', async () => {
    const url = server.url('/missing.img');
    await expect(downloadFile(request(url))).rejects.toThrow(`field \`images[0].location\`: GET ${url}: server answered 404 Not Found`);
  });

  it('fetches a URL once when two downloads of it run at the same time', async () => {
    const body = randomBytes(256 * 1024);
    server.files.set('/p.img', { body, chunkSize: 32 * 1024, chunkDelayMs: 5 });
    const url = server.url('/p.img');
    const [a, b] = await Promise.all([downloadFile(request(url, { digest: sha256(body) })), downloadFile(request(url, { digest: sha256(body) }))]);
    expect([a.status, b.status].sort()).toEqual(['downloaded', 'used-cache']);
    expect(gets()).toBe(1);
  });

  it('skips a destination that already exists, as Lima does', async () => {
    const req = request(server.url('/none'));
    await writeFile(req.dest, 'already here');
    expect((await downloadFile(req)).status).toBe('skipped');
    expect(server.requests).toHaveLength(0);
  });
});

describe('downloadFile from local files', () => {
  it('copies a plain path and a file:// URL, checks the digest, and caches nothing', async () => {
    const body = randomBytes(10_000);
    const src = path.join(root, 'local.img');
    await writeFile(src, body);
    for (const location of [src, pathToFileURL(src).href]) {
      const req = request(location, { digest: sha256(body) });
      expect((await downloadFile(req)).status).toBe('copied-local');
      expect(await readFile(req.dest)).toEqual(body);
    }
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('refuses a local file with the wrong digest and leaves no destination', async () => {
    const src = path.join(root, 'local.img');
    await writeFile(src, 'abc');
    const req = request(src, { digest: sha256(Buffer.from('abd')) });
    await expect(downloadFile(req)).rejects.toThrow(`digest mismatch for ${src}: expected digest "${sha256(Buffer.from('abd'))}"`);
    expect((await readdir(root)).filter((f) => f.startsWith('out') || f.endsWith('.tmp'))).toEqual([]);
  });

  it('names the field for a relative path or a missing file', async () => {
    await expect(downloadFile(request('relative/x.img'))).rejects.toThrow('field `images[0].location`: "relative/x.img" must be an absolute path');
    await expect(downloadFile(request(path.join(root, 'nope.img')))).rejects.toThrow('field `images[0].location`: cannot use');
  });

  it('names the digest field for a malformed digest', async () => {
    await expect(downloadFile(request(server.url('/x'), { digest: 'md5:abc' }))).rejects.toThrow('field `images[0].digest`: digest algorithm "md5" is not supported');
  });
});
