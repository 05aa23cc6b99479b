import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WriteFileError, writeFileAtomic } from './atomic-write';
import { useTempDir } from '../../../test/support/temp-dir';

let dir: string;
useTempDir('atomic-', (d) => (dir = d));

describe('writeFileAtomic', () => {
  it('replaces the content and sets the exact mode, leaving no temp file', async () => {
    const file = path.join(dir, 'lima.yaml');
    await writeFile(file, 'old\n');
    await writeFileAtomic(file, '# kept comment\ncpus: 2\n', 0o600);
    expect(await readFile(file, 'utf8')).toBe('# kept comment\ncpus: 2\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['lima.yaml']);
  });

  it('leaves the original untouched and removes the temp file when the rename fails', async () => {
    // A non-empty directory in the target's place makes rename(2) fail after the temp is written.
    const target = path.join(dir, 'lima.yaml');
    await mkdir(target);
    await writeFile(path.join(target, 'inside'), 'original');
    await expect(writeFileAtomic(target, 'new')).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST/) });
    expect(await readFile(path.join(target, 'inside'), 'utf8')).toBe('original');
    expect(await readdir(dir)).toEqual(['lima.yaml']);
  });

  it('removes the temp file when the write itself fails, keeping the original', async () => {
    const file = path.join(dir, 'lima.yaml');
    await writeFile(file, 'original\n');
    // Data of the wrong type makes the write throw after the temp file was opened.
    await expect(writeFileAtomic(file, 42 as unknown as string)).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('original\n');
    expect(await readdir(dir)).toEqual(['lima.yaml']);
  });

  it('fails without creating anything when the directory does not exist', async () => {
    await expect(writeFileAtomic(path.join(dir, 'missing', 'f'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('writeFileAtomic failures', () => {
  it('names the file and keeps the error code when the directory refuses the write', async () => {
    const file = path.join(dir, 'missing-subdir', 'lima.yaml');
    const err = await writeFileAtomic(file, 'x').then(() => undefined, (e: unknown) => e as WriteFileError);
    expect(err).toBeInstanceOf(WriteFileError);
    expect(err?.message).toContain(`cannot write ${file}: ENOENT`);
    expect(err?.code).toBe('ENOENT');
  });
});
