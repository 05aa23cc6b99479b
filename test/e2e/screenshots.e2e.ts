import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildParts, launchChromium, makeTempHome, ROOT, startServe, tearDown, type Serve } from '../support/e2e-kit';
import { blurFocus, hostChecksAnswered, useColorScheme } from '../support/dashboard-page';
import { compareWithBaseline, stableScreenshot, UPDATING, type Comparison } from '../support/screenshots';
import { many, THREE, writeFixtures } from '../support/ui-fixtures';

// The dashboard's screens in Debian's Chromium over `limadesk serve`, at three window sizes in
// both themes, compared with the baselines in test/e2e/screenshots/baselines (see
// support/screenshots.ts for the tolerance; UPDATE_SCREENSHOTS=1 rewrites them). The
// instances are stopped fixtures, so every run shows the same page; what still changes from
// run to run (the app's version) is masked.

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;
const THEMES = ['light', 'dark'] as const;
/** The shots the README shows, written to docs/screenshots (unmasked) when the baselines are updated. */
const README_SHOTS = new Set(['list-200-1440x900-light', 'overview-1440x900-dark', 'config-1440x900-light', 'create-1440x900-dark']);

describe('the dashboard looks as it did', () => {
  let home: string;
  let serve: Serve;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildParts('cli', 'renderer');
    // A fresh LIMA_HOME each run: its path shows only in the Doctor's disk-space line, which is masked.
    home = makeTempHome('ld-shots-');
    serve = await startServe(home);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: SIZES[0], reducedMotion: 'reduce', colorScheme: 'light', deviceScaleFactor: 1 });
    page = await context.newPage();
  });

  afterAll(() => tearDown({ browser, serve, home, instances: [] }));

  /** Opens `hash` afresh (a reload: the list is read again) and waits for `ready`. */
  async function open(hash: string, ready: (page: Page) => Promise<unknown>): Promise<void> {
    const url = new URL(serve.url);
    url.hash = hash;
    await page.goto(url.href);
    // A second load: a hash change alone would keep the list the page already read.
    await page.reload();
    await ready(page);
  }

  /** Every size in both themes; `ready` runs again after each resize. */
  async function shootAll(screen: string, ready: (page: Page) => Promise<unknown>, mask: (page: Page) => Locator[] = () => []): Promise<void> {
    const results: Comparison[] = [];
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const colorScheme of THEMES) {
        await useColorScheme(page, colorScheme);
        await ready(page);
        await hostChecksAnswered(page);
        await blurFocus(page);
        const name = `${screen}-${size.width}x${size.height}-${colorScheme}`;
        const shot = await stableScreenshot(page, name, { mask: [page.locator('.sidebar-version'), ...mask(page)] });
        results.push(compareWithBaseline(name, shot));
        if (UPDATING && README_SHOTS.has(name)) await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshots', `${name}.png`), animations: 'disabled', caret: 'hide' });
      }
    }
    await page.setViewportSize(SIZES[0]);
    await useColorScheme(page, 'light');
    const failures = results.flatMap((r) => (r.failure ? [r.failure] : []));
    expect(failures, failures.join('\n')).toEqual([]);
  }

  const listReady = (rows: number) => async (p: Page) => {
    if (rows > 0) await p.locator('[role="row"][data-instance]').first().waitFor({ timeout: 15_000 });
  };

  it('the empty list', async () => {
    const ready = async (p: Page) => {
      await p.getByRole('heading', { name: 'No instances yet' }).waitFor({ timeout: 15_000 });
      await p.getByRole('navigation', { name: 'Start from a template' }).waitFor();
      await listReady(0)(p);
    };
    await open('#/', ready);
    await shootAll('list-empty', ready);
  });

  it('the list of three', async () => {
    writeFixtures(home, THREE);
    const ready = listReady(3);
    await open('#/', ready);
    expect(await page.locator('[role="row"][data-instance]').count()).toBe(3);
    await shootAll('list-3', ready);
  });

  // Each test can run alone (-t): the screens of one instance need the three, written again.
  const detailReady = (tab: string, content: (p: Page) => Promise<unknown>) => async (p: Page) => {
    const tabButton = p.getByRole('tab', { name: `${tab} of dev` });
    await tabButton.waitFor({ timeout: 15_000 });
    await expect.poll(() => tabButton.getAttribute('aria-selected')).toBe('true');
    await content(p);
  };

  it("an instance's Overview", async () => {
    const ready = detailReady('Overview', (p) => p.locator('.overview').first().waitFor());
    writeFixtures(home, THREE);
    await open('#/instances/dev/overview', ready);
    await shootAll('overview', ready);
  });

  it("an instance's Config", async () => {
    const ready = detailReady('Config', async (p) => {
      await p.locator('.cm-content').waitFor({ timeout: 15_000 });
      await p.getByRole('form', { name: 'Instance settings' }).waitFor();
    });
    writeFixtures(home, THREE);
    await open('#/instances/dev/config', ready);
    await shootAll('config', ready);
  });

  it("an instance's Console", async () => {
    const ready = detailReady('Console', (p) => p.locator('section.console[data-console-state="not-running"]').waitFor({ timeout: 15_000 }));
    writeFixtures(home, THREE);
    await open('#/instances/dev/console', ready);
    await shootAll('console', ready);
  });

  it('Create', async () => {
    const ready = async (p: Page) => {
      await p.getByRole('form', { name: 'New instance settings' }).waitFor({ timeout: 15_000 });
      await p.getByText('Ready to create.').waitFor({ timeout: 15_000 });
    };
    await open('#/create', ready);
    await shootAll('create', ready);
  });

  it('Doctor', async () => {
    const ready = (p: Page) => p.locator('.limadesk-doctor-summary, .limadesk-doctor-error').first().waitFor({ timeout: 60_000 });
    await open('#/doctor', ready);
    // The free space changes with every file written anywhere on the disk; the line names LIMA_HOME too.
    await shootAll('doctor', ready, (p) => [p.locator('[data-check="disk-space"] .limadesk-doctor-detail')]);
  });

  it('the list of two hundred', async () => {
    writeFixtures(home, many(197));
    const ready = listReady(200);
    await open('#/', ready);
    await expect.poll(() => page.locator('.sidebar').getByLabel('200 instances, 0 running').count()).toBe(1);
    await shootAll('list-200', ready);
  });
});
