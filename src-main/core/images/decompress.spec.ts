import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger';
import { decompressStream, detectCompression, locationExtension, MissingDecompressorError } from './decompress';
import { downloadFile } from './download';
import { startTestServer, type TestServer } from './test-server.test-support';

const run = promisify(execFile);
let root: string;
let original: Buffer;
let server: TestServer;
const compressed = new Map<string, string>();

// Each fixture is made by the real tool, the same one a distribution would use.
const TOOLS: Array<{ ext: string; tool: string; args: string[] }> = [
  { ext: '.gz', tool: 'gzip', args: ['-k', '-9'] },
  { ext: '.bz2', tool: 'bzip2', args: ['-k'] },
  { ext: '.xz', tool: 'xz', args: ['-k', '-0'] },
  { ext: '.zst', tool: 'zstd', args: ['-q', '-k'] },
];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'limadesk-unz-'));
  // Half random, half zeros: like a disk image, compressible but not trivially.
  original = Buffer.concat([randomBytes(300_000), Buffer.alloc(700_000)]);
  const plain = path.join(root, 'disk.img');
  await writeFile(plain, original);
  for (const { ext, tool, args } of TOOLS) {
    await run(tool, [...args, plain]);
    compressed.set(ext, `${plain}${ext}`);
  }
  server = await startTestServer();
  for (const [ext, file] of compressed) {
    const body = await readFile(file);
    server.files.set(`/disk.img${ext}`, { body });
    // No extension: Lima falls back to the magic bytes.
    server.files.set(`/noext${ext.replace('.', '-')}`, { body });
  }
});
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

describe('decompression', () => {
  it('reads the extension from a URL path, not its query', () => {
    expect(locationExtension('https://x.org/a/disk.qcow2.xz?sig=1.bz2')).toBe('.xz');
    expect(locationExtension('/tmp/disk.img.ZST')).toBe('.zst');
  });

  for (const { ext, tool } of TOOLS) {
    it(`downloads and unpacks ${ext} (by extension and by magic bytes)`, async () => {
      const cacheDir = path.join(root, `cache${ext}`);
      for (const p of [`/disk.img${ext}`, `/noext${ext.replace('.', '-')}`]) {
        const dest = path.join(root, `out${p.replace(/\W/g, '_')}`);
        const result = await downloadFile({ location: server.url(p), field: 'images[0].location', dest, decompress: true, description: 'd', cacheDir });
        expect(result.decompressed).toBe(tool);
        expect((await readFile(dest)).equals(original)).toBe(true);
        // The cache keeps the file as published, still compressed.
        expect((await readFile(result.cachePath!)).equals(await readFile(compressed.get(ext)!))).toBe(true);
      }
    });
  }

  it('unpacks a local compressed file and keeps it compressed when not asked to unpack', async () => {
    const src = compressed.get('.xz')!;
    const dest = path.join(root, 'local-unpacked');
    const said: string[] = [];
    const logger = { ...silentLogger, info: (m: string) => void said.push(m) };
    await downloadFile({ location: src, field: 'f', dest, decompress: true, description: 'the image (disk.img.xz)', cacheDir: root, logger });
    expect((await readFile(dest)).equals(original)).toBe(true);
    expect(said).toEqual(['Decompressing the image (disk.img.xz) with xz']);
    const kept = path.join(root, 'local-kept');
    await downloadFile({ location: src, field: 'f', dest: kept, decompress: false, description: 'd', cacheDir: root });
    expect((await readFile(kept)).equals(await readFile(src))).toBe(true);
  });

  it('detects nothing in an uncompressed file', async () => {
    expect(await detectCompression('/x/disk.img', path.join(root, 'disk.img'))).toBeUndefined();
  });

  it('says which tool is missing and which package has it', async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = path.join(root, 'empty-bin');
    try {
      const out = createWriteStream(path.join(root, 'never'));
      const err = await decompressStream('zstd', createReadStream(compressed.get('.zst')!), out, 'disk.img.zst').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MissingDecompressorError);
      expect((err as Error).message).toBe(
        'decompressing a zstd file needs the `zstd` command, which is not installed (Debian/Ubuntu: sudo apt-get install zstd; macOS: brew install zstd)',
      );
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('reports a corrupt archive with the tool output', async () => {
    const bad = path.join(root, 'bad.xz');
    await writeFile(bad, Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), randomBytes(1000)]));
    const dest = path.join(root, 'bad-out');
    await expect(downloadFile({ location: bad, field: 'f', dest, decompress: true, description: 'd', cacheDir: root })).rejects.toThrow(/xz -dc failed on .*bad\.xz \(exit code 1\)/);
  });
});
