import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEventEnvelope } from '../../src-main/common/api';
import { cacheEntry } from '../../src-main/core/images/cache-entry';
import { startTestServer, type TestServer } from '../../src-main/core/images/test-server.test-support';
import { createApiService } from '../../src-main/core/api/service';
import { BOOT_MARKER, buildParts, CLI_PATH, guestYaml, makeTempHome, runCli, tearDown, waitForInstanceSerial, writeInstance, type CliResult } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';

// A first start downloads the guest's disk, kernel and initrd from an HTTP server on 127.0.0.1
// (through Lima's cache, checked against their digests, unpacked), and the VM boots from them;
// later starts of new instances take them from the cache without asking the server.
const run = promisify(execFile);

let home: string;
let cacheHome: string;
let server: TestServer;
let cmdline: string;
const digests: Record<string, string> = {};
const env = (): NodeJS.ProcessEnv => ({ ...process.env, LIMA_HOME: home, XDG_CACHE_HOME: cacheHome });

const cli = (...args: string[]): Promise<CliResult> => runCli(env(), args);

// A forced stop: the graceful one is lifecycle.e2e.ts's subject, and this file is about what comes before boot.
async function stopOk(name: string): Promise<void> {
  const r = await cli('stop', '--force', name);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
}

const sha = (algo: 'sha256' | 'sha512', data: Buffer): string => `${algo}:${createHash(algo).update(data).digest('hex')}`;

/** An instance whose image, kernel and initrd all come from the test server (`query` makes fresh cache keys). */
function createInstance(name: string, opts: { query?: string; imageDigest?: string } = {}): string {
  const q = opts.query ? `?${opts.query}` : '';
  const yaml = guestYaml({
    disk: { location: server.url(`/disk.qcow2.zst${q}`), digest: opts.imageDigest ?? digests.disk },
    kernel: { location: server.url(`/vmlinux.gz${q}`), digest: digests.kernel },
    initrd: { location: server.url(`/initrd.img${q}`), digest: digests.initrd },
    cmdline,
    display: 'none',
  });
  return writeInstance(home, name, yaml);
}

beforeAll(async () => {
  buildParts('cli');
  const guest = await ensureTestGuest();
  cmdline = guest.cmdline;
  home = makeTempHome('ld-img-');
  cacheHome = path.join(home, 'xdg-cache');
  const work = path.join(home, 'work');
  await mkdir(work);
  // The disk and kernel are published compressed, as distributions do; the initrd as is.
  const disk = path.join(work, 'disk.qcow2');
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '64M']);
  await run('zstd', ['-q', disk]);
  const kernelGz = path.join(work, 'vmlinux.gz');
  const { stdout: gz } = await run('gzip', ['-1', '-c', guest.kernel], { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 });
  await writeFile(kernelGz, gz);
  const files = { disk: await readFile(`${disk}.zst`), kernel: await readFile(kernelGz), initrd: await readFile(guest.initrd) };
  digests.disk = sha('sha256', files.disk);
  digests.kernel = sha('sha512', files.kernel);
  digests.initrd = sha('sha256', files.initrd);
  server = await startTestServer();
  server.files.set('/disk.qcow2.zst', { body: files.disk, lastModified: 'Mon, 04 Nov 2024 08:00:00 GMT' });
  server.files.set('/vmlinux.gz', { body: files.kernel, etag: '"kernel-1"' });
  server.files.set('/initrd.img', { body: files.initrd });
});

afterAll(async () => {
  await tearDown({ home, instances: ['vm1', 'vm2', 'vm3', 'vm4'] });
  await server?.close();
});

describe('images from an HTTP server, with a real start', () => {
  it('downloads, checks and unpacks the image, kernel and initrd, then boots from them', async () => {
    const dir = createInstance('vm1');
    const r = await cli('start', 'vm1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('downloading the image (disk.qcow2.zst)');
    expect(r.stdout).toContain('image ready (downloaded)');
    expect(r.stdout).toContain('READY.');
    // Not a terminal: whole lines, each download ending with its total.
    expect(r.stderr).toMatch(new RegExp(`Downloading ${server.url('/vmlinux.gz').replace(/[.?]/g, '\\$&')} [\\d.]+ MiB / [\\d.]+ MiB \\(.*done\\)\\n`));
    expect(r.stderr).toContain(`Downloading ${server.url('/disk.qcow2.zst')}`);
    expect(server.requests.filter((q) => q.method === 'GET').map((q) => q.path).sort()).toEqual(['/disk.qcow2.zst', '/initrd.img', '/vmlinux.gz']);

    await waitForInstanceSerial(dir, BOOT_MARKER);
    // The unpacked image became the instance's qcow2 disk; the cache keeps what was published.
    const { stdout: info } = await run('qemu-img', ['info', '--output=json', '--force-share', path.join(dir, 'disk')]);
    expect((JSON.parse(info) as { format: string }).format).toBe('qcow2');
    const entry = cacheEntry(path.join(cacheHome, 'lima'), server.url('/disk.qcow2.zst'));
    expect(await readFile(path.join(entry.dir, 'sha256.digest'), 'utf8')).toBe(digests.disk);
    expect(sha('sha256', await readFile(entry.data))).toBe(digests.disk);
    expect(await readFile(entry.time, 'utf8')).toBe('Mon, 04 Nov 2024 08:00:00 GMT');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await stopOk('vm1');
  });

  it('starts a second instance from the same URLs out of the cache, without a request to the server', async () => {
    const before = server.requests.length;
    const dir = createInstance('vm2');
    const r = await cli('start', 'vm2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('image ready (from the cache)');
    expect(r.stderr).not.toContain('Downloading');
    expect(server.requests.length).toBe(before);
    await waitForInstanceSerial(dir, BOOT_MARKER);
    await stopOk('vm2');
  });

  it('refuses to start on a wrong digest, naming the URL and both digests, and keeps nothing', async () => {
    const wrong = `sha256:${'ab'.repeat(32)}`;
    const dir = createInstance('vm3', { query: 'wrong', imageDigest: wrong });
    const r = await cli('start', 'vm3');
    expect(r.code).toBe(1);
    const url = server.url('/disk.qcow2.zst?wrong');
    expect(r.stderr).toContain('field `images[0].digest`');
    expect(r.stderr).toContain(url);
    expect(r.stderr).toContain(`expected digest "${wrong}", got "${digests.disk}"`);
    expect(existsSync(path.join(dir, 'ha.pid'))).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(['lima.yaml']);
    const entry = cacheEntry(path.join(cacheHome, 'lima'), url);
    expect(existsSync(entry.data)).toBe(false);
    expect(existsSync(entry.partial)).toBe(false);
  });

  it('pushes download progress and the image stages through the API service', async () => {
    createInstance('vm4', { query: 'api' });
    const service = await createApiService({
      limaHome: home,
      agent: { nodePath: process.execPath, scriptPath: CLI_PATH, env: env() },
      env: env(),
    });
    const events: ApiEventEnvelope[] = [];
    const unsubscribe = service.subscribe((e) => events.push(e));
    try {
      const started = await service.dispatch('startInstance', { name: 'vm4' });
      expect(started.ok, JSON.stringify(started)).toBe(true);
      const progress = events.flatMap((e) => (e.event === 'downloadProgress' ? [e.payload] : []));
      const urls = [...new Set(progress.map((p) => p.url))].sort();
      expect(urls).toEqual([server.url('/disk.qcow2.zst?api'), server.url('/initrd.img?api'), server.url('/vmlinux.gz?api')].sort());
      for (const url of urls) {
        const mine = progress.filter((p) => p.url === url);
        expect(mine.at(-1)).toMatchObject({ name: 'vm4', done: true, receivedBytes: mine.at(-1)!.totalBytes });
        expect(mine.slice(0, -1).every((p) => !p.done)).toBe(true);
      }
      const stages = events.flatMap((e) => (e.event === 'bootStage' && e.payload.name === 'vm4' ? [e.payload.stage] : []));
      expect(stages.indexOf('image-downloading')).toBeGreaterThanOrEqual(0);
      expect(stages.indexOf('image-ready')).toBeGreaterThan(stages.indexOf('image-downloading'));
      await waitForInstanceSerial(path.join(home, 'vm4'), BOOT_MARKER);
      expect((await service.dispatch('stopInstance', { name: 'vm4', force: true })).ok).toBe(true);
    } finally {
      await unsubscribe.dispose();
      await service.close();
    }
  });
});
