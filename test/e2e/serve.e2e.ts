import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function limaYaml(cpus: number, memory: string, disk: string): string {
  return `# written by hand, as a user or limactl would leave it
images:
- location: https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2
  arch: x86_64
cpus: ${cpus}
memory: ${memory}
disk: ${disk}
`;
}

function makeInstance(home: string, name: string, yaml: string): void {
  mkdirSync(path.join(home, name));
  writeFileSync(path.join(home, name, 'lima.yaml'), yaml);
}

/** Starts `limadesk serve` and resolves with the URL it prints. */
function startServe(home: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'limadesk.cjs'), 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, LIMA_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 30 s; output:\n${out}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0], output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
}

describe('limadesk serve in Chromium', () => {
  let home: string;
  let serve: Awaited<ReturnType<typeof startServe>>;
  let browser: Browser;
  let page: Page;
  let origin: string;

  beforeAll(async () => {
    // Only the parts this test runs: a full build would wipe out/ under other running tests.
    execFileSync(process.execPath, ['scripts/build.mjs', 'cli', 'renderer'], { cwd: ROOT, stdio: 'inherit' });
    home = mkdtempSync(path.join(tmpdir(), 'limadesk-e2e-serve-'));
    makeInstance(home, 'demo', limaYaml(2, '3GiB', '20GiB'));
    serve = await startServe(home);
    origin = new URL(serve.url).origin;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    if (serve?.child.exitCode === null) {
      const exited = new Promise((resolve) => serve.child.once('exit', resolve));
      serve.child.kill('SIGTERM');
      await exited;
    }
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('shows the hand-made instance in the real renderer', async () => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(serve.url);
    const row = page.getByRole('row').filter({ hasText: 'demo' });
    await row.waitFor({ timeout: 15_000 });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells).toEqual(['demo', 'Stopped', 'x86_64', '2', '3GiB', '20GiB', '—', 'StartStopRestartDeleteConsole']);
    // The token leaves the address bar once the page has it.
    expect(page.url()).toBe(`${origin}/`);
    expect(errors).toEqual([]);
  });

  it('updates the list live when an instance appears and disappears', async () => {
    makeInstance(home, 'second', limaYaml(4, '8GiB', '50GiB'));
    const row = page.getByRole('row').filter({ hasText: 'second' });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['second', 'Stopped', 'x86_64', '4', '8GiB', '50GiB', '—', 'StartStopRestartDeleteConsole']);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'serve-instance-list.png') });
    rmSync(path.join(home, 'second'), { recursive: true });
    await row.waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('refuses requests without the token', async () => {
    const noToken = await fetch(`${origin}/api/listInstances`, { method: 'POST', body: '{}' });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ ok: false, code: 'unauthorized' });
    expect((await fetch(`${origin}/`)).status).toBe(401);
    expect((await fetch(`${origin}/?token=not-the-token`)).status).toBe(403);
  });

  it('gives a malformed request a clear error and keeps serving', async () => {
    const token = new URL(serve.url).searchParams.get('token')!;
    const bad = await fetch(`${origin}/api/listInstances`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{"half":' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { ok: boolean; code: string; message: string };
    expect(body).toMatchObject({ ok: false, code: 'invalid-request' });
    expect(body.message).toMatch(/^request body is not valid JSON/);
    const good = await fetch(`${origin}/api/listInstances`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' });
    expect(good.status).toBe(200);
    expect(((await good.json()) as { value: { name: string }[] }).value.map((i) => i.name)).toEqual(['demo']);
    // And the page, reloaded, still gets its data over the WebSocket.
    await page.reload();
    await page.getByRole('row').filter({ hasText: 'demo' }).waitFor({ timeout: 10_000 });
    expect(serve.child.exitCode).toBeNull();
  });
});
