import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, buildParts, createBaseDisk, launchChromium, localGuestYaml, makeTempDir, makeTempHome, ROOT, startServe, tearDown, writeInstance, type Serve } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';
import { waitForSerial } from '../support/guest/serial-log';

// The dashboard in Debian's Chromium over `limadesk serve`, driving a real QEMU test guest
// (TCG): list, start, config edit and save, an invalid draft that survives a reload, stop,
// create from a bundled template, delete with confirmation; each screen shot in both themes.

describe('the dashboard drives a real VM', () => {
  let home: string;
  let rendererDir: string;
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const row = (name: string) => page.locator(`[role="row"][data-instance="${name}"]`);
  /** Opens a row's "more" menu and picks an entry, as a mouse user does. */
  const rowMenu = async (name: string, item: RegExp) => {
    await row(name).hover();
    await page.getByRole('button', { name: `More actions for ${name}`, exact: true }).click();
    await page.getByRole('menuitem', { name: item }).click();
  };
  const limaYaml = () => readFileSync(path.join(home, 'vm1', 'lima.yaml'), 'utf8');

  /** One screenshot per theme; the page follows prefers-color-scheme. */
  async function shoot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}-${colorScheme}.png`), fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  beforeAll(async () => {
    buildParts('cli');
    const guest = await ensureTestGuest();
    home = makeTempHome('ld-db-');
    // A renderer of our own: a rebuild of out/renderer by anything else while the page is open
    // would replace the lazily loaded chunks under it.
    // Outside LIMA_HOME, where every directory is taken for an instance.
    rendererDir = makeTempDir('ld-db-ui-');
    await viteBuild({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: rendererDir, emptyOutDir: true } });
    const yaml = localGuestYaml(guest, createBaseDisk(home), {
      header: ['The dashboard test guest: a Debian kernel and a busybox initramfs.'],
      lineComments: { cpus: 'one is plenty under TCG', memory: 'keep the shared machine breathing' },
    });
    writeInstance(home, 'vm1', yaml);
    serve = await startServe(home, { LIMADESK_RENDERER_DIR: rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(serve.url.href);
  });

  // Whatever state a failed test left behind: both instances are stopped by force.
  afterAll(() => tearDown({ browser, serve, home, instances: ['vm1', 'fromtpl'], dirs: [rendererDir] }));

  it('lists the instance with its facts and actions', async () => {
    await page.locator('[role="row"][data-instance="vm1"][data-status="Stopped"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[role="row"][data-instance]').count()).toBe(1);
    const cells = await row('vm1').getByRole('cell').allTextContents();
    expect(cells).toEqual(['vm1', 'Stopped', '', 'x86_64', '1', '256MiB', '1GiB', '—', '']);
    // One main action by status: Start for a stopped instance; Console beside it; the rest in a menu.
    expect(await row('vm1').getByRole('button', { name: 'Start vm1', exact: true }).isEnabled()).toBe(true);
    expect(await row('vm1').getByRole('button', { name: 'Stop vm1', exact: true }).count()).toBe(0);
    expect(await row('vm1').getByRole('link', { name: 'Console of vm1' }).count()).toBe(1);
    await shoot('list');
  });

  it('starts it with the Start button: the row is busy, then Running', async () => {
    const started = Date.now();
    await page.getByRole('button', { name: 'Start vm1', exact: true }).click();
    // While the start runs, no other action on the row can be sent.
    await row('vm1').getByRole('status').filter({ hasText: 'Starting…' }).waitFor({ timeout: 5_000 });
    expect(await row('vm1').getByRole('button', { name: 'Start vm1', exact: true }).isDisabled()).toBe(true);
    await page.locator('[role="row"][data-instance="vm1"][data-status="Running"]').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByRole('button', { name: 'Stop vm1', exact: true }).isEnabled(), { timeout: 10_000 }).toBe(true);
    console.log(`Start click to Running row: ${Date.now() - started} ms`);
    expect(await row('vm1').locator('.stage').getAttribute('data-stage')).toMatch(/^(qemu-started|vnc-ready|qmp-ready|running|ssh-ready)$/);
  });

  it('asks before deleting a running instance, and Escape leaves it alone', async () => {
    await rowMenu('vm1', /^Delete/);
    const dialog = page.getByRole('alertdialog', { name: 'Delete vm1?' });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Stop and delete' }).isVisible()).toBe(true);
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await shoot('delete-confirm');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(existsSync(path.join(home, 'vm1', 'lima.yaml'))).toBe(true);
    expect(await row('vm1').getAttribute('data-status')).toBe('Running');
  });

  it('opens the Config tab from the keyboard; a form edit shows in the YAML and survives Save with comments intact', async () => {
    await row('vm1').focus();
    await page.keyboard.press('Enter');
    const configTab = page.getByRole('tab', { name: 'Config of vm1' });
    await configTab.waitFor();
    if ((await configTab.getAttribute('aria-selected')) !== 'true') await configTab.click();
    const editor = page.locator('.cm-content');
    await editor.waitFor({ timeout: 15_000 });
    const cpus = page.getByRole('form', { name: 'Instance settings' }).getByLabel('CPUs', { exact: true });
    const before = limaYaml();
    await cpus.fill('2');
    await expect.poll(() => editor.textContent(), { timeout: 5_000 }).toContain('cpus: 2 # one is plenty under TCG');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 15_000 });
    const saved = limaYaml();
    // Exactly the edited line changes: comments, list indentation and everything else stay as written.
    expect(saved).toBe(before.replace('cpus: 1 # one is plenty under TCG', 'cpus: 2 # one is plenty under TCG'));
    expect(saved).toContain('cpus: 2 # one is plenty under TCG');
    expect(saved).toContain('# The dashboard test guest: a Debian kernel and a busybox initramfs.');
    expect(saved).toContain('memory: 256MiB # keep the shared machine breathing');
    // A running instance is told the change waits for a restart.
    expect(await page.getByText(/restart it to apply cpus/).count()).toBe(1);
    await shoot('detail-config');
  });

  it('marks an invalid value inline, refuses to save it and keeps the draft across a reload', async () => {
    const before = limaYaml();
    const memory = page.getByRole('form', { name: 'Instance settings' }).getByLabel('Memory', { exact: true });
    await memory.fill('lots');
    const fieldIssues = page.locator('.limadesk-field[data-field="memory"] .limadesk-field-issues');
    await expect.poll(() => fieldIssues.textContent(), { timeout: 10_000 }).toMatch(/invalid size "lots"/);
    expect(await memory.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: /^Not saved: .*Your draft is kept\./ }).waitFor({ timeout: 10_000 });
    expect(limaYaml()).toBe(before);
    await shoot('detail-config-invalid');

    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Restored your unsaved draft' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('.cm-content').textContent()).toContain('memory: lots');
    expect(limaYaml()).toBe(before);
    await page.getByRole('button', { name: 'Discard draft', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => page.locator('.cm-content').textContent()).toContain('memory: 256MiB # keep the shared machine breathing');
  });

  it('stops it with the Stop button', { timeout: 520_000 }, async () => {
    // The guest answers the ACPI button only once it has booted; with several TCG guests
    // sharing two cores that can take minutes.
    await waitForSerial(path.join(home, 'vm1', 'serial.log'), 'LIMADESK-GUEST-BOOTED', { timeoutMs: 300_000 });
    const started = Date.now();
    await page.getByRole('button', { name: 'Stop vm1', exact: true }).click();
    await page.locator('[role="row"][data-instance="vm1"][data-status="Stopped"]').waitFor({ timeout: 200_000 });
    console.log(`Stop click to Stopped row: ${Date.now() - started} ms`);
    // The status event can beat the answer to the stop request; the buttons follow the answer.
    await expect.poll(() => page.getByRole('button', { name: 'Start vm1', exact: true }).isEnabled(), { timeout: 30_000 }).toBe(true);
  });

  it('creates an instance from a bundled template, explaining a bad name first', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Create' }).click();
    const form = page.getByRole('form', { name: 'New instance settings' });
    await form.waitFor({ timeout: 15_000 });
    expect(await page.getByLabel('Template').inputValue()).toBe('default');
    const name = form.getByLabel('Name', { exact: true });
    await name.fill('vm1');
    await form.getByText('An instance named vm1 already exists; choose another name.').waitFor();
    await name.fill('from tpl');
    await form.getByText('A name may hold only letters, digits, ".", "_" and "-"; remove the space.').waitFor();
    await name.fill('fromtpl');
    await form.getByLabel('CPUs', { exact: true }).fill('1');
    await form.getByLabel('Memory', { exact: true }).fill('512MiB');
    const yaml = page.getByTestId('create-yaml').locator('.cm-content');
    await expect.poll(() => yaml.textContent()).toMatch(/memory: "?512MiB"?/);
    // The template's own comments are kept in what the form produces.
    const firstComment = readFileSync(path.join(ROOT, 'assets', 'templates', 'default.yaml'), 'utf8').split('\n')[0]!;
    expect(firstComment).toMatch(/^# \S/);
    expect(await yaml.textContent()).toContain(firstComment);
    await expect.poll(() => page.getByTestId('limactl-command').textContent()).toBe('limactl create --name=fromtpl --cpus=1 --memory=0.5 template:default');
    await page.getByText('Ready to create.').waitFor({ timeout: 15_000 });
    await shoot('create');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.locator('[role="row"][data-instance="fromtpl"][data-status="Stopped"]').waitFor({ timeout: 30_000 });
    await page.getByText('Created fromtpl.', { exact: true }).first().waitFor();
    const created = readFileSync(path.join(home, 'fromtpl', 'lima.yaml'), 'utf8');
    expect(created).toMatch(/memory: "?512MiB"?/);
    expect(created).toContain(firstComment);
  });

  it('deletes the new instance after confirmation', async () => {
    await rowMenu('fromtpl', /^Delete/);
    const dialog = page.getByRole('alertdialog', { name: 'Delete fromtpl?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await row('fromtpl').waitFor({ state: 'detached', timeout: 30_000 });
    expect(existsSync(path.join(home, 'fromtpl'))).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
