import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, buildParts, launchChromium, makeTempHome, startServe, tearDown, writeInstance, type Serve } from '../support/e2e-kit';
import { many, writeFixtures } from '../support/ui-fixtures';

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

describe('limadesk serve in Chromium', () => {
  let home: string;
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  let origin: string;

  beforeAll(async () => {
    buildParts('cli', 'renderer');
    home = makeTempHome('limadesk-e2e-serve-');
    writeInstance(home, 'demo', limaYaml(2, '3GiB', '20GiB'));
    serve = await startServe(home);
    origin = serve.url.origin;
    browser = await launchChromium();
    page = await browser.newPage();
  });

  afterAll(() => tearDown({ browser, serve, home }));

  it('shows the hand-made instance in the real renderer', async () => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(serve.url.href);
    const row = page.getByRole('row').filter({ hasText: 'demo' });
    await row.waitFor({ timeout: 15_000 });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells).toEqual(['demo', 'Stopped', '', 'x86_64', '2', '3GiB', '20GiB', '—', '']);
    // The token leaves the address bar once the page has it.
    expect(page.url()).toBe(`${origin}/`);
    expect(errors).toEqual([]);
  });

  it('updates the list live when an instance appears and disappears', async () => {
    writeInstance(home, 'second', limaYaml(4, '8GiB', '50GiB'));
    const row = page.getByRole('row').filter({ hasText: 'second' });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['second', 'Stopped', '', 'x86_64', '4', '8GiB', '50GiB', '—', '']);
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

  it('shows a page that says how to get in to a tab without the token, or with an old one', async () => {
    const other = await browser.newPage();
    try {
      const visit = await other.goto(`${origin}/`);
      expect(visit?.status()).toBe(401);
      expect(await other.locator('h1').textContent()).toBe('Open Limadesk with its link');
      expect(await other.locator('body').textContent()).toContain('limadesk serve --open');
      await other.goto(`${origin}/?token=from-an-earlier-run`);
      expect(await other.locator('h1').textContent()).toBe('This link is out of date');
    } finally {
      await other.close();
    }
  });

  it('sets no cookie: the token lives in the tab only', async () => {
    expect(await page.context().cookies(origin)).toEqual([]);
  });

  it('gives a malformed request a clear error and keeps serving', async () => {
    const token = serve.url.searchParams.get('token')!;
    const bad = await fetch(`${origin}/api/listInstances`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{"half":' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { ok: boolean; code: string; message: string };
    expect(body).toMatchObject({ ok: false, code: 'invalid-request' });
    expect(body.message).toMatch(/^request body is not valid JSON/);
    const good = await fetch(`${origin}/api/listInstances`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' });
    expect(good.status).toBe(200);
    expect(((await good.json()) as { value: { name: string }[] }).value.map((i) => i.name)).toEqual(['demo']);
    // And the page, reloaded, still gets its data over the WebSocket: the tab keeps its token.
    await page.reload();
    await page.getByRole('row').filter({ hasText: 'demo' }).waitFor({ timeout: 10_000 });
    expect(page.url()).toBe(`${origin}/`);
    expect(serve.child.exitCode).toBeNull();
  });

  it('draws a flung list of 300 without its row icons, and brings them back when it slows', async () => {
    writeFixtures(home, many(300));
    // A fresh load, as the other tests may not have run (-t): the token comes with the link.
    await page.goto(serve.url.href);
    await page.getByRole('row').filter({ hasText: 'vm-001' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('[data-list-scroll] [data-instance]').count()).toBeGreaterThan(5);
    // Scrolls `px` a frame for `frames` frames; says, for each frame, whether the rows' icons were drawn.
    const scroll = (px: number, frames: number) =>
      page.evaluate(
        ({ px, frames }) =>
          new Promise<boolean[]>((resolve) => {
            interface Box {
              scrollTop: number;
              querySelector(s: string): object | null;
            }
            const box = (globalThis as unknown as { document: { querySelector(s: string): Box } }).document.querySelector('[data-list-scroll]');
            const frame = (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame;
            const shown: boolean[] = [];
            const step = () => {
              const icon = box.querySelector('[data-instance] .row-actions svg');
              if (icon) shown.push((globalThis as unknown as { getComputedStyle(e: object): { visibility: string } }).getComputedStyle(icon).visibility === 'visible');
              if (shown.length >= frames) return resolve(shown);
              box.scrollTop += px;
              frame(step);
            };
            frame(step);
          }),
        { px, frames },
      );
    // Slow (20 px a frame, ~1,200 px/s): the icons stay.
    expect(await scroll(20, 20)).not.toContain(false);
    // A fling (150 px a frame, ~9,000 px/s): gone while it lasts.
    const flung = await scroll(150, 20);
    expect(flung.slice(3).filter((shown) => !shown).length).toBeGreaterThan(10);
    // Still again: back within a moment, and the rows in view are whole.
    await expect.poll(() => page.locator('[data-list-scroll] [data-instance] .row-actions svg').first().evaluate((e: object) => (globalThis as unknown as { getComputedStyle(e: object): { visibility: string } }).getComputedStyle(e).visibility), { timeout: 2000 }).toBe('visible');
    expect(await page.locator('[data-list-scroll]').getAttribute('class')).not.toContain('is-flinging');
  });
});
