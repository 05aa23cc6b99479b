import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INLINE_CHECK_LIMIT } from './config-guard';
import type { HostInfo } from './host';
import { loadLimaYaml, loadLimaYamlHere } from './load';
import { validateTemplate } from './template-validate';

// The worker runs the bundled program, as the app does: build it from these sources first.
const dir = mkdtempSync(path.join(os.tmpdir(), 'limadesk-config-worker-'));
const script = path.join(dir, 'config-worker.cjs');
const HOME = path.join(dir, 'home');
const HOST: HostInfo = { os: 'linux', arch: 'x86_64', cpus: 4, memoryBytes: 8 * 1024 ** 3, homeDir: dir, userName: 'tester', uid: 1000, timezone: 'UTC' };
const FILE = path.join(HOME, 'big', 'lima.yaml');

beforeAll(async () => {
  await build({ entryPoints: [path.join(import.meta.dirname, 'config-worker-entry.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: script, logLevel: 'warning' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A valid lima.yaml of at least `bytes`: many provision scripts. */
function bigYaml(bytes: number): string {
  let text = 'images: [{location: /a.img, arch: x86_64}]\nprovision:\n';
  for (let i = 0; text.length < bytes; i++) text += `- mode: system\n  script: echo ${i}\n`;
  return text;
}

describe('big documents are checked in the config worker', () => {
  it('gives the same result there as in-process', async () => {
    const text = bigYaml(INLINE_CHECK_LIMIT * 2);
    const opts = { file: FILE, text, limaHome: HOME, instanceDir: path.dirname(FILE), host: HOST };
    const there = await loadLimaYaml({ ...opts, worker: { script, busyLimitMs: 60_000 } });
    const here = await loadLimaYamlHere(opts);
    expect(there.parsed).toBeUndefined(); // it came from the worker
    expect(there.issues).toEqual(here.issues);
    expect(there.config).toEqual(here.config);
    expect(there.config?.provision).toHaveLength(here.config?.provision?.length ?? -1);
  });

  it('leaves this thread free while the worker reads', async () => {
    const text = bigYaml(1024 * 1024);
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 5);
    const result = await loadLimaYaml({ file: FILE, text, limaHome: HOME, instanceDir: path.dirname(FILE), host: HOST, worker: { script, busyLimitMs: 60_000 } });
    clearInterval(ticker);
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    // A megabyte of YAML takes the parser far longer than a few timer periods.
    expect(ticks).toBeGreaterThan(3);
  });

  it('refuses a document that keeps the worker busy past the limit, and recovers', async () => {
    const text = bigYaml(1024 * 1024);
    const result = await loadLimaYaml({ file: FILE, text, limaHome: HOME, instanceDir: path.dirname(FILE), host: HOST, worker: { script, busyLimitMs: 20 } });
    expect(result.config).toBeUndefined();
    expect(result.issues).toEqual([
      expect.objectContaining({ severity: 'error', file: FILE, message: expect.stringMatching(/^refused: \d+ bytes of YAML that take too long to read/) }),
    ]);
    // The stopped worker is replaced for the next document.
    const next = await loadLimaYaml({ file: FILE, text: bigYaml(INLINE_CHECK_LIMIT + 1), limaHome: HOME, instanceDir: path.dirname(FILE), host: HOST, worker: { script, busyLimitMs: 60_000 } });
    expect(next.config).toBeDefined();
  });

  it('validates a big editor buffer there, bundled templates included', async () => {
    const text = `base: template:_images/ubuntu\n${bigYaml(INLINE_CHECK_LIMIT * 2).replace(/^images:.*\n/, '')}`;
    const result = await validateTemplate(FILE, { limaHome: HOME, env: {}, text, host: HOST, worker: { script, busyLimitMs: 60_000 } });
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.config?.images.length).toBeGreaterThan(0);
  });
});
