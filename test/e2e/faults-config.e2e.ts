import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiService, type ApiService } from '../../src-main/core/api/service';

// lima.yaml under pressure: a full disk during a save, and another program editing the file
// while the user edits it in Limadesk. The file on disk must always be a whole version.
const run = promisify(execFile);
const YAML = 'images:\n- location: /nonexistent/x.img\n  arch: x86_64\ncpus: 1\n';

let mountPoint: string;
let service: ApiService;

beforeAll(async () => {
  // A real full filesystem: a 256 KiB tmpfs (this needs root; the CI runs as root).
  mountPoint = await mkdtemp(path.join(tmpdir(), 'ld-full-'));
  await run('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0755', 'tmpfs', mountPoint]);
  service = await createApiService({ limaHome: mountPoint, agent: { nodePath: process.execPath, scriptPath: '/nonexistent/cli.cjs' }, env: {} });
  const created = await service.dispatch('createInstance', { name: 'vm1', text: YAML });
  expect(created.ok).toBe(true);
});

afterAll(async () => {
  await service?.close();
  if (mountPoint) {
    await run('umount', [mountPoint]).catch(() => undefined);
    await rm(mountPoint, { recursive: true, force: true });
  }
});

describe('faults: lima.yaml writes', () => {
  it('disk full while saving: a clear failure naming the file, the old lima.yaml intact, no temp file left', async () => {
    const file = path.join(mountPoint, 'vm1', 'lima.yaml');
    const before = await readFile(file, 'utf8');
    const got = await service.dispatch('getConfigText', { name: 'vm1' });
    if (!got.ok) throw new Error(got.message);
    const { mtime } = got.value as { mtime: number };
    // Fill the filesystem to the last block.
    await writeFile(path.join(mountPoint, 'filler'), Buffer.alloc(1024 * 1024)).catch((err: NodeJS.ErrnoException) => expect(err.code).toBe('ENOSPC'));
    const bigger = `${YAML}# ${'x'.repeat(64 * 1024)}\n`;
    const result = await service.dispatch('putConfigText', { name: 'vm1', text: bigger, expectedMtime: mtime });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // The host said no, not a bug of ours: its own code, so the page can say "free some space".
    expect(result.code).toBe('host-io');
    expect(result.message).toContain(file);
    expect(result.message).toMatch(/no space left on device/i);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await readdir(path.join(mountPoint, 'vm1'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Once there is room again, the same save goes through.
    await rm(path.join(mountPoint, 'filler'));
    const retry = await service.dispatch('putConfigText', { name: 'vm1', text: bigger, expectedMtime: mtime });
    expect(retry.ok).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(bigger);
  });

  it('edited by another program during an edit: the stale save is a conflict and the other edit is kept', async () => {
    const file = path.join(mountPoint, 'vm1', 'lima.yaml');
    const opened = await service.dispatch('getConfigText', { name: 'vm1' });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const { mtime } = opened.value as { text: string; mtime: number };
    const theirs = `${YAML}memory: 1GiB # changed in another editor\n`;
    await writeFile(file, theirs);
    expect((await stat(file)).mtimeMs).not.toBe(mtime);
    const ours = `${YAML}cpus: 2\n`.replace('cpus: 1\n', '');
    const saved = await service.dispatch('putConfigText', { name: 'vm1', text: ours, expectedMtime: mtime });
    expect(saved).toMatchObject({ ok: false, code: 'conflict' });
    if (!saved.ok) expect(saved.message).toContain('vm1');
    expect(await readFile(file, 'utf8')).toBe(theirs);
    // Reloading gives the other program's text and a fresh mtime; saving against that works.
    const reloaded = await service.dispatch('getConfigText', { name: 'vm1' });
    expect(reloaded).toMatchObject({ ok: true, value: { text: theirs } });
    if (!reloaded.ok) return;
    const again = await service.dispatch('putConfigText', { name: 'vm1', text: ours, expectedMtime: (reloaded.value as { mtime: number }).mtime });
    expect(again.ok).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(ours);
  });
});
