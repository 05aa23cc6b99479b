import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheEntry } from './cache-entry';
import { pruneCache } from './prune';
import { useTempDir } from '../../../test/support/temp-dir';

let root: string;
useTempDir('limadesk-prune-', (d) => (root = d));

describe('pruneCache', () => {
  it('removes the cache directory and says how much it held', async () => {
    const cacheDir = path.join(root, 'lima');
    const entry = cacheEntry(cacheDir, 'https://example.org/a.img');
    await mkdir(entry.dir, { recursive: true });
    await writeFile(entry.data, Buffer.alloc(3000));
    await writeFile(entry.url, 'https://example.org/a.img');
    expect(await pruneCache(cacheDir)).toBe(3000 + 'https://example.org/a.img'.length);
    expect(existsSync(cacheDir)).toBe(false);
    expect(await pruneCache(cacheDir)).toBe(0);
  });
});
