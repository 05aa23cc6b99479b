import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestGuest } from '../support/guest';

// Browser mode over a real VM: the API starts and stops a QEMU guest (TCG), and the page
// follows its status live from the host agent's events, without reloading.
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('limadesk serve drives a real VM', () => {
  let home: string;
  let serve: ChildProcess;
  let url: URL;
  let browser: Browser;
  let page: Page;

  const call = async (method: string, params: unknown): Promise<{ ok: boolean; code?: string; message?: string; value?: unknown }> => {
    const res = await fetch(`${url.origin}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${url.searchParams.get('token') ?? ''}`, 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    return (await res.json()) as { ok: boolean };
  };

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs', 'cli', 'renderer'], { cwd: ROOT, stdio: 'inherit' });
    const guest = await ensureTestGuest();
    // Short: unix socket paths inside the instance directory must stay under 108 bytes.
    home = mkdtempSync(path.join(tmpdir(), 'ld-sv-'));
    const base = path.join(home, 'base.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', base, '64M']);
    mkdirSync(path.join(home, 'vm1'));
    writeFileSync(
      path.join(home, 'vm1', 'lima.yaml'),
      [
        'vmType: qemu',
        'arch: x86_64',
        'images:',
        `- location: ${JSON.stringify(base)}`,
        '  arch: x86_64',
        '  kernel:',
        `    location: ${JSON.stringify(guest.kernel)}`,
        `    cmdline: ${JSON.stringify(guest.cmdline)}`,
        '  initrd:',
        `    location: ${JSON.stringify(guest.initrd)}`,
        'cpus: 1',
        'memory: 256MiB',
        'disk: 1GiB',
        'mounts: []',
        'plain: true',
        'firmware:',
        '  legacyBIOS: true',
        'video:',
        '  display: vnc',
        '',
      ].join('\n'),
    );
    serve = spawn(process.execPath, [path.join(ROOT, 'bin', 'limadesk.cjs'), 'serve', '--port', '0'], { env: { ...process.env, LIMA_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    url = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 30_000);
      const onData = (d: Buffer): void => {
        out += d.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(new URL(m[0]));
        }
      };
      serve.stdout!.on('data', onData);
      serve.stderr!.on('data', onData);
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage();
    await page.goto(url.href);
    await page.locator('tr[data-instance="vm1"][data-status="Stopped"]').waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await browser?.close();
    if (home) execFileSync(process.execPath, [path.join(ROOT, 'bin', 'limadesk.cjs'), 'stop', '--force', 'vm1'], { env: { ...process.env, LIMA_HOME: home }, stdio: 'ignore' });
    if (serve && serve.exitCode === null) {
      const exited = new Promise((r) => serve.once('exit', r));
      serve.kill('SIGTERM');
      await exited;
    }
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('starts the VM through the API and the open page turns the row Running by itself', async () => {
    const started = Date.now();
    const result = await call('startInstance', { name: 'vm1' });
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, value: { instance: { name: 'vm1', status: 'Running' } } });
    const row = page.locator('tr[data-instance="vm1"][data-status="Running"]');
    await row.waitFor({ timeout: 15_000 });
    console.log(`start to Running row: ${Date.now() - started} ms`);
    // The host agent's boot stages reached the page too.
    await expect.poll(() => row.locator('.stage').textContent(), { timeout: 10_000 }).toMatch(/\((qemu-started|vnc-ready|qmp-ready|running|ssh-ready)\)/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'serve-vm-running.png') });
  });

  it('refuses to delete a running instance with a typed failure', async () => {
    expect(await call('deleteInstance', { name: 'vm1' })).toMatchObject({ ok: false, code: 'wrong-state' });
  });

  // A forced stop: how fast a guest answers the ACPI button is the lifecycle tests' subject,
  // and under TCG on a shared machine it can take minutes.
  it('stops the VM through the API and the row turns Stopped', async () => {
    const started = Date.now();
    const result = await call('stopInstance', { name: 'vm1', force: true });
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, value: { instance: { status: 'Stopped' } } });
    expect(Date.now() - started).toBeLessThan(30_000);
    await page.locator('tr[data-instance="vm1"][data-status="Stopped"]').waitFor({ timeout: 15_000 });
    const log = await call('readLog', { name: 'vm1', log: 'ha.stdout' });
    expect(log.ok).toBe(true);
    expect(JSON.stringify(log.value)).toContain('qemu-started');
  });
});
