import { randomBytes } from 'node:crypto';
import { open, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { cloneFile } from './clone-file';

let dir: string;
useTempDir('clone-file-', (d) => (dir = d));

/** A 64 MiB file with 1 MiB of data at 8 MiB and at 40 MiB, holes elsewhere (like a fresh disk image). */
async function sparseImage(file: string): Promise<Buffer> {
  const handle = await open(file, 'w', 0o640);
  const data = randomBytes(1024 * 1024);
  await handle.write(data, 0, data.length, 8 * 1024 * 1024);
  await handle.write(data, 0, data.length, 40 * 1024 * 1024);
  await handle.truncate(64 * 1024 * 1024);
  await handle.close();
  return data;
}

describe('cloneFile', () => {
  it('copies every byte, keeps the mode, and keeps holes as holes', async () => {
    const src = path.join(dir, 'disk');
    await sparseImage(src);
    const reports: number[] = [];
    const method = await cloneFile(src, path.join(dir, 'copy'), { onBytes: (n) => reports.push(n) });
    expect(['reflink', 'copy']).toContain(method);
    const [a, b] = await Promise.all([readFile(src), readFile(path.join(dir, 'copy'))]);
    expect(b.equals(a)).toBe(true);
    const copied = await stat(path.join(dir, 'copy'));
    expect(copied.size).toBe(64 * 1024 * 1024);
    expect(copied.mode & 0o777).toBe(0o640);
    // 2 MiB of data; a copy that wrote the zeros would take 64 MiB of blocks.
    expect(copied.blocks * 512).toBeLessThan(8 * 1024 * 1024);
    expect(reports.at(-1)).toBe(64 * 1024 * 1024);
    expect(reports).toEqual([...reports].sort((x, y) => x - y));
  });

  it('keeps a file that ends in data, and an empty file', async () => {
    await writeFile(path.join(dir, 'tail'), Buffer.concat([Buffer.alloc(3 * 1024 * 1024), Buffer.from('end')]));
    await cloneFile(path.join(dir, 'tail'), path.join(dir, 'tail2'));
    expect((await readFile(path.join(dir, 'tail2'))).subarray(-3).toString()).toBe('end');
    await writeFile(path.join(dir, 'empty'), '');
    await cloneFile(path.join(dir, 'empty'), path.join(dir, 'empty2'));
    expect((await stat(path.join(dir, 'empty2'))).size).toBe(0);
  });

  it('never overwrites an existing target', async () => {
    await writeFile(path.join(dir, 'a'), 'new');
    await writeFile(path.join(dir, 'b'), 'precious');
    await expect(cloneFile(path.join(dir, 'a'), path.join(dir, 'b'))).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(path.join(dir, 'b'), 'utf8')).toBe('precious');
  });

  it('leaves nothing behind when cancelled half-way', async () => {
    const src = path.join(dir, 'disk');
    await sparseImage(src);
    const controller = new AbortController();
    const copy = cloneFile(src, path.join(dir, 'copy'), {
      signal: controller.signal,
      onBytes: (n) => {
        if (n >= 16 * 1024 * 1024) controller.abort();
      },
    });
    const outcome = await copy.then((m) => m, (e: Error) => e);
    // A copy-on-write clone finishes in one step, before any abort can land.
    if (outcome === 'reflink') return;
    expect(outcome).toBeInstanceOf(Error);
    expect(await readdir(dir)).toEqual(['disk']);
  });
});
