import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeFindings } from '../support/axe';
import { buildParts, launchChromium, makeTempHome, startServe, tearDown, type Serve } from '../support/e2e-kit';
import { hostChecksAnswered, useColorScheme } from '../support/dashboard-page';
import { THREE, writeFixtures } from '../support/ui-fixtures';

// An accessibility audit of every screen with axe-core in Debian's Chromium, in both themes:
// no serious or critical violation (contrast, names, roles, labels) anywhere, overlays
// included. The instances are stopped fixtures; the keyboard test audits a running console.

const THEMES = ['light', 'dark'] as const;

describe('every screen passes axe-core', () => {
  let home: string;
  let serve: Serve;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildParts('cli', 'renderer');
    home = makeTempHome('ld-axe-');
    serve = await startServe(home);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
    page = await context.newPage();
  });

  afterAll(() => tearDown({ browser, serve, home, instances: [] }));

  async function go(hash: string): Promise<void> {
    const url = new URL(serve.url);
    url.hash = hash;
    await page.goto(url.href);
  }

  /** The serious and critical findings on the screen as it is now, in both themes. */
  async function audit(screen: string): Promise<string[]> {
    const lines: string[] = [];
    for (const colorScheme of THEMES) {
      // Colours measured half-way through a theme's transition would be neither theme's.
      await useColorScheme(page, colorScheme);
      lines.push(...describeFindings(`${screen} (${colorScheme})`, await axeViolations(page)));
    }
    await useColorScheme(page, 'light');
    return lines;
  }

  it('the empty list', async () => {
    await go('#/');
    await page.getByRole('heading', { name: 'No instances yet' }).waitFor({ timeout: 15_000 });
    const findings = await audit('empty list');
    expect(findings, findings.join('\n')).toEqual([]);
  });

  it('the list, its overflow menu and the delete confirmation', async () => {
    writeFixtures(home, THREE);
    await go('#/');
    await page.reload();
    await page.locator('[role="row"][data-instance="dev"]').waitFor({ timeout: 15_000 });
    // The host warnings join the list a moment later.
    await hostChecksAnswered(page);
    const findings = await audit('list');

    await page.getByRole('button', { name: 'More actions for dev', exact: true }).click();
    await page.getByRole('menu').waitFor();
    findings.push(...(await audit('row menu')));
    await page.getByRole('menuitem', { name: /^Delete/ }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete dev?' });
    await dialog.waitFor();
    findings.push(...(await audit('delete confirmation')));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.locator('[role="row"][data-instance="web"]').click({ button: 'right' });
    await page.getByRole('menu', { name: 'Actions for web' }).waitFor();
    findings.push(...(await audit('context menu')));
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Status filter/ }).click();
    await page.getByRole('menuitemradio').first().waitFor();
    findings.push(...(await audit('status filter menu')));
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Collapse the sidebar' }).click();
    findings.push(...(await audit('collapsed sidebar')));
    await page.getByRole('button', { name: 'Expand the sidebar' }).click();
    expect(findings, findings.join('\n')).toEqual([]);
  });

  it("each of an instance's tabs", async () => {
    const findings: string[] = [];
    for (const tab of ['overview', 'config', 'console', 'terminal', 'serial', 'logs', 'snapshots']) {
      await go(`#/instances/dev/${tab}`);
      const tabButton = page.getByRole('tab', { selected: true });
      await tabButton.waitFor({ timeout: 15_000 });
      await expect.poll(() => tabButton.getAttribute('id')).toContain(tab);
      // Each tab loads its content lazily; audit what the user gets, not the "Loading…" line.
      await expect.poll(() => page.locator('[role="tabpanel"] [aria-busy="true"]').count(), { timeout: 15_000 }).toBe(0);
      if (tab === 'config') await page.locator('.cm-content').waitFor({ timeout: 15_000 });
      findings.push(...(await audit(`${tab} tab`)));
    }
    expect(findings, findings.join('\n')).toEqual([]);
  });

  it('Create, Disks, Doctor, Hosts and Settings', async () => {
    const findings: string[] = [];
    await go('#/create');
    await page.getByText('Ready to create.').waitFor({ timeout: 15_000 });
    findings.push(...(await audit('create')));
    await go('#/disks');
    await page.getByRole('heading', { name: 'No disks yet' }).waitFor({ timeout: 15_000 });
    findings.push(...(await audit('disks')));
    await go('#/doctor');
    await page.locator('.limadesk-doctor-summary').waitFor({ timeout: 60_000 });
    findings.push(...(await audit('doctor')));
    await go('#/hosts');
    await page.getByRole('heading', { name: 'Hosts' }).first().waitFor({ timeout: 15_000 });
    findings.push(...(await audit('hosts')));
    await go('#/settings');
    await page.getByRole('radio', { name: 'System' }).waitFor({ timeout: 15_000 });
    findings.push(...(await audit('settings')));
    expect(findings, findings.join('\n')).toEqual([]);
  });
});
