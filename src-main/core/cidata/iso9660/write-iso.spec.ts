import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECTOR_SIZE } from './fields';
import type { IsoFileInput } from './write-iso';
import { buildIso } from './write-iso';

// isoinfo (genisoimage) and 7z (p7zip-full) are independent readers: they check the image the
// way other software will see it, not the way this writer thinks it wrote it.
const run = promisify(execFile);
const DATE = new Date('2026-03-04T05:06:07Z');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'iso9660-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (s: string) => new Uint8Array(Buffer.from(s));

/** A tree like a cidata seed, plus the awkward cases: empty, multi-sector, many entries, case. */
function sampleFiles(): IsoFileInput[] {
  const files: IsoFileInput[] = [
    { path: 'meta-data', data: text('instance-id: iid-1\nlocal-hostname: lima-x\n') },
    { path: 'user-data', data: text('#cloud-config\n') },
    { path: 'boot.sh', data: text('#!/bin/sh\nexit 0\n'), mode: 0o755 },
    { path: 'boot.essential.Linux/00-Mixed-Case long name.sh', data: text('#!/bin/sh\n'), mode: 0o755 },
    { path: 'util/nested/deeper/file.bin', data: new Uint8Array(randomBytes(3 * SECTOR_SIZE + 17)) },
    { path: 'empty', data: new Uint8Array(0) },
  ];
  // Enough records that the directory needs more than one sector.
  for (let i = 0; i < 40; i++) {
    files.push({ path: `provision.system/${String(i).padStart(8, '0')}`, data: text(`#!/bin/sh\necho ${i}\n`), mode: 0o700 });
  }
  return files;
}

async function writeIso(name: string, files: IsoFileInput[], options: Partial<Parameters<typeof buildIso>[1]> = {}) {
  const file = path.join(dir, name);
  await writeFile(file, buildIso(files, { volumeId: 'cidata', date: DATE, ...options }));
  return file;
}

async function isoinfo(...args: string[]): Promise<Buffer> {
  const { stdout } = await run('isoinfo', args, { encoding: 'buffer', maxBuffer: 64 << 20 });
  return stdout;
}

async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name))).sort();
}

async function extractWith7z(iso: string): Promise<string> {
  const out = await mkdtemp(path.join(dir, 'x-'));
  await run('7z', ['x', '-y', `-o${out}`, iso]);
  return out;
}

describe('buildIso read back by isoinfo and 7z', () => {
  it('describes the volume: label, size, Joliet and Rock Ridge', async () => {
    const files = sampleFiles();
    const iso = await writeIso('describe.iso', files);
    const info = (await isoinfo('-d', '-i', iso)).toString();
    expect(info).toMatch(/^Volume id: cidata$/m);
    expect(info).toMatch(/^Logical block size is: 2048$/m);
    expect(info).toMatch(/^Joliet with UCS level 3 found$/m);
    expect(info).toMatch(/^Rock Ridge signatures version 1 found$/m);
    const size = Number(/^Volume size is: (\d+)$/m.exec(info)?.[1]);
    expect(size * SECTOR_SIZE).toBe((await stat(iso)).size);
  });

  it('gives back every file byte for byte through Rock Ridge and through Joliet', async () => {
    const files = sampleFiles();
    const iso = await writeIso('extract.iso', files);
    for (const file of files) {
      expect(Buffer.compare(await isoinfo('-R', '-i', iso, '-x', `/${file.path}`), Buffer.from(file.data)), `-R ${file.path}`).toBe(0);
      expect(Buffer.compare(await isoinfo('-J', '-i', iso, '-x', `/${file.path}`), Buffer.from(file.data)), `-J ${file.path}`).toBe(0);
    }
  });

  it('records POSIX modes, owner and dates in Rock Ridge', async () => {
    const iso = await writeIso('modes.iso', sampleFiles());
    const listing = (await isoinfo('-R', '-l', '-i', iso)).toString();
    expect(listing).toMatch(/^-rwxr-xr-x\s+1\s+0\s+0\s+17 Mar {2}4 2026 \[.*\]\s+boot\.sh\s*$/m);
    expect(listing).toMatch(/^-rw-r--r--\s+1\s+0\s+0\s+0 .*\s+empty\s*$/m);
    expect(listing).toMatch(/^-rwx------\s+1\s+0\s+0\s+\d+ .*\s+00000039\s*$/m);
    // The root has three subdirectories: two links for itself and its ".", one per child's "..".
    expect(listing).toMatch(/^drwxr-xr-x\s+5\s+0\s+0\s+2048 .*\s+\.\s*$/m);
  });

  it('extracts with 7z to exactly the files written, names and case kept', async () => {
    const files = sampleFiles();
    const out = await extractWith7z(await writeIso('7z.iso', files));
    expect(await listTree(out)).toEqual(files.map((f) => f.path).sort());
    for (const file of files) {
      expect(Buffer.compare(await readFile(path.join(out, file.path)), Buffer.from(file.data)), file.path).toBe(0);
    }
  });

  it('still reads as plain ISO 9660 with neither extension, under 8.3 names', async () => {
    const files = sampleFiles().slice(0, 3);
    const iso = await writeIso('plain.iso', files, { rockRidge: false, joliet: false });
    const info = (await isoinfo('-d', '-i', iso)).toString();
    expect(info).toMatch(/^NO Joliet present$/m);
    expect(info).toMatch(/^NO Rock Ridge present$/m);
    expect(Buffer.compare(await isoinfo('-i', iso, '-x', '/META_DAT.;1'), Buffer.from(files[0]?.data ?? []))).toBe(0);
    expect(Buffer.compare(await isoinfo('-i', iso, '-x', '/BOOT.SH;1'), Buffer.from(files[2]?.data ?? []))).toBe(0);
  });

  it('round-trips random trees through 7z', async () => {
    // 7z drops trailing dots and spaces as Windows would, so names end in a letter or digit.
    const segment = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9._ -]{0,29}[A-Za-z0-9])?$/);
    const entry = fc.record({ path: fc.array(segment, { minLength: 1, maxLength: 4 }).map((p) => p.join('/')), data: fc.uint8Array({ maxLength: 5000 }) });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(entry, { minLength: 1, maxLength: 25, selector: (e) => e.path.toLowerCase() }), async (entries) => {
        // Drop entries whose path is a prefix directory of another: a name cannot be file and directory.
        const paths = new Set(entries.map((e) => e.path.toLowerCase()));
        const files = entries.filter((e) => ![...paths].some((p) => p.startsWith(`${e.path.toLowerCase()}/`)));
        const out = await extractWith7z(await writeIso(`random-${n++}.iso`, files));
        expect(await listTree(out)).toEqual(files.map((f) => f.path).sort());
        for (const file of files) expect(Buffer.compare(await readFile(path.join(out, file.path)), Buffer.from(file.data))).toBe(0);
        await rm(out, { recursive: true, force: true });
      }),
      { numRuns: 12 },
    );
  });
});

describe('buildIso structure', () => {
  const image = buildIso(sampleFiles(), { volumeId: 'cidata', date: DATE });
  const sector = (n: number) => image.subarray(n * SECTOR_SIZE, (n + 1) * SECTOR_SIZE);

  it('starts the descriptor set at sector 16: primary, Joliet, terminator', () => {
    expect(image.subarray(0, 16 * SECTOR_SIZE).every((b) => b === 0)).toBe(true);
    expect([sector(16)[0], sector(17)[0], sector(18)[0]]).toEqual([1, 2, 255]);
    for (const n of [16, 17, 18]) expect(Buffer.from(sector(n).subarray(1, 7)).toString('latin1')).toBe('CD001\x01');
    expect(Buffer.from(sector(17).subarray(88, 91)).toString('latin1')).toBe('%/E');
  });

  it('writes the L and M path tables as mirror images', () => {
    const pvd = Buffer.from(sector(16));
    const size = pvd.readUInt32LE(132);
    expect(pvd.readUInt32BE(136)).toBe(size);
    const l = Buffer.from(sector(pvd.readUInt32LE(140)).subarray(0, size));
    const m = Buffer.from(sector(pvd.readUInt32BE(148)).subarray(0, size));
    const parse = (t: Buffer, le: boolean) => {
      const out: Array<[string, number, number]> = [];
      for (let pos = 0; pos < t.length; ) {
        const len = t[pos] ?? 0;
        const extent = le ? t.readUInt32LE(pos + 2) : t.readUInt32BE(pos + 2);
        const parent = le ? t.readUInt16LE(pos + 6) : t.readUInt16BE(pos + 6);
        out.push([t.subarray(pos + 8, pos + 8 + len).toString('latin1'), extent, parent]);
        pos += 8 + len + (len % 2);
      }
      return out;
    };
    const entries = parse(l, true);
    expect(parse(m, false)).toEqual(entries);
    expect(entries.map(([name, , parent]) => [name, parent])).toEqual([
      ['\0', 1],
      ['BOOT_ESS', 1],
      ['PROVISIO', 1],
      ['UTIL', 1],
      ['NESTED', 4],
      ['DEEPER', 5],
    ]);
  });
});

describe('buildIso refuses what it cannot represent', () => {
  const one = (p: string) => ({ path: p, data: new Uint8Array() });
  it.each([
    [[one('a'), one('a')], /"a" is given twice/],
    [[one('a'), one('a/b')], /"a" is both a file and a directory/],
    [[one('a//b')], /empty, "\." or "\.\." component/],
    [[one(`x/${'n'.repeat(101)}`)], /longer than 100 bytes/],
    [[one('a/b/c/d/e/f/g/h')], /nested deeper than 7 directories/],
    [[one('Same:x'), one('Same;x')], /are the same in Joliet/],
  ])('%#', (files, message) => {
    expect(() => buildIso(files, { volumeId: 'cidata' })).toThrow(message);
  });

  it('rejects a volume id Joliet cannot hold', () => {
    expect(() => buildIso([], { volumeId: 'a-very-long-volume-id' })).toThrow(/longer than 16 characters/);
  });
});
