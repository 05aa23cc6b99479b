import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeFindings } from '../support/axe';
import { useColorScheme } from '../support/dashboard-page';
import { buildParts, createBaseDisk, launchChromium, localGuestYaml, makeTempHome, startServe, tearDown, type Serve } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';
import { compareWithBaseline, stableScreenshot } from '../support/screenshots';
import { waitForSerial } from '../support/guest/serial-log';

// The whole life of an instance without the mouse, in Debian's Chromium over `limadesk serve`:
// create it from a template, start it, watch and type into its console, stop it and delete it, with nothing
// but Tab, arrows, Enter, Escape and typed text. The template is the busybox test guest, kept
// in $LIMA_HOME/_templates as a user's own template would be; it boots under TCG.

const TEMPLATE = 'kbguest';
const NAME = 'kbvm';

interface Focused {
  tag: string;
  role: string;
  /** aria-label, else the visible text. */
  name: string;
  /** The text of a form field's first label. */
  label: string;
}

interface PageElement {
  tagName: string;
  textContent: string | null;
  labels?: ArrayLike<{ textContent: string | null }> | null;
  getAttribute(name: string): string | null;
}

/** What has the keyboard focus now. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = (globalThis as unknown as { document: { activeElement: PageElement | null } }).document.activeElement;
    if (!el) return { tag: '', role: '', name: '', label: '' };
    const label = el.labels?.[0]?.textContent ?? '';
    return { tag: el.tagName.toLowerCase(), role: el.getAttribute('role') ?? '', name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim(), label: label.trim() };
  });
}

/** Presses Tab (or Shift+Tab) until `wanted` holds for the focused element, as a keyboard user would. */
async function tabTo(page: Page, what: string, wanted: (f: Focused) => boolean, { back = false, max = 80 } = {}): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    const now = await focused(page);
    if (wanted(now)) return;
    seen.push(`${now.tag}${now.role ? `[${now.role}]` : ''} "${now.name.slice(0, 40)}"`);
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${max} presses of ${back ? 'Shift+Tab' : 'Tab'} never reached ${what}; focus went through:\n${seen.join('\n')}`);
}

/** Lit pixels of the noVNC canvas: the guest's text console is grey on black. */
function litShare(page: Page): Promise<number> {
  return page.evaluate(() => {
    interface Canvas {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
    }
    const canvas = (globalThis as unknown as { document: { querySelector(s: string): Canvas | null } }).document.querySelector('.console-screen canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return 0;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! > 96) lit++;
    return lit / (canvas.width * canvas.height);
  });
}

// Chromium's keyboard.type sends a shifted character's key code without Shift held, and
// noVNC forwards key codes, so shifted characters are pressed with an explicit Shift.
const SHIFTED: Record<string, string> = { '>': 'Shift+Period', _: 'Shift+Minus' };
async function typeKeys(page: Page, text: string): Promise<void> {
  for (const char of text) {
    if (char === '\n') await page.keyboard.press('Enter');
    else if (/^[A-Z]$/.test(char)) await page.keyboard.press(`Shift+Key${char}`);
    else await page.keyboard.press(SHIFTED[char] ?? char);
  }
}

describe('an instance from creation to deletion, keyboard only', () => {
  let home: string;
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    buildParts('cli', 'renderer');
    const guest = await ensureTestGuest();
    home = makeTempHome('ld-kb-');
    const yaml = localGuestYaml(guest, createBaseDisk(home), { header: ['The busybox test guest, as a template of your own.'] });
    mkdirSync(path.join(home, '_templates'));
    writeFileSync(path.join(home, '_templates', `${TEMPLATE}.yaml`), yaml);
    serve = await startServe(home);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(serve.url.href);
  });

  afterAll(() => tearDown({ browser, serve, home, instances: [NAME] }));

  const row = () => page.locator(`[role="row"][data-instance="${NAME}"]`);

  it('creates an instance from a template', async () => {
    await page.getByRole('heading', { name: 'No instances yet' }).waitFor({ timeout: 15_000 });
    await tabTo(page, 'the sidebar\'s Create link', (f) => f.tag === 'a' && f.name === 'Create');
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'New instance settings' });
    await form.waitFor({ timeout: 15_000 });

    await tabTo(page, 'the template list', (f) => f.tag === 'select');
    // A closed list box picks the option that starts with what is typed.
    await page.keyboard.type(TEMPLATE);
    await expect.poll(() => page.getByLabel('Template').inputValue()).toBe(TEMPLATE);
    await page.getByText('Ready to create.').waitFor({ timeout: 15_000 });

    await tabTo(page, 'the Name field', (f) => f.tag === 'input' && f.label === 'Name');
    const nameField = form.getByLabel('Name', { exact: true });
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(NAME);
    await expect.poll(() => nameField.inputValue()).toBe(NAME);
    await page.getByText('Ready to create.').waitFor({ timeout: 15_000 });

    await tabTo(page, 'the Create button', (f) => f.tag === 'button' && f.name === 'Create');
    await page.keyboard.press('Enter');
    await row().waitFor({ timeout: 30_000 });
    expect(await row().getAttribute('data-status')).toBe('Stopped');
    expect(existsSync(path.join(home, NAME, 'lima.yaml'))).toBe(true);
  });

  it('starts it', async () => {
    // Creating opened the instance's details; its Start button is a few Tabs away.
    await page.getByRole('tab', { name: `Overview of ${NAME}` }).waitFor({ timeout: 15_000 });
    await tabTo(page, `the Start button of ${NAME}`, (f) => f.tag === 'button' && /^Start/.test(f.name));
    await page.keyboard.press('Enter');
    await page.locator(`[role="row"][data-instance="${NAME}"][data-status="Running"]`).waitFor({ timeout: 180_000 });
  });

  it('opens its console, which shows the guest\'s screen', async () => {
    await tabTo(page, `the Console tab of ${NAME}`, (f) => f.role === 'tab');
    // The tabs are one stop; arrows move between them and select as they go.
    for (let i = 0; i < 10 && (await focused(page)).name !== `Console of ${NAME}`; i++) await page.keyboard.press('ArrowRight');
    expect((await focused(page)).name).toBe(`Console of ${NAME}`);
    await expect.poll(() => page.getByRole('tab', { name: `Console of ${NAME}` }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.locator('section.console').getAttribute('data-console-state'), { timeout: 60_000 }).toBe('connected');
    await waitForSerial(path.join(home, NAME, 'serial.log'), 'LIMADESK-GUEST-BOOTED', { timeoutMs: 300_000 });
    await expect.poll(() => litShare(page), { timeout: 60_000, interval: 500 }).toBeGreaterThan(0.004);

    // A running console in the audit too: its toolbar and screen.
    const findings = describeFindings('running console', await axeViolations(page));
    expect(findings, findings.join('\n')).toEqual([]);

    // And in the screenshots: the guest's screen, the list beside it (live figures) and the SSH
    // port change from run to run and are masked; the frame around them must not change.
    await page.locator('.detail-header .stage[data-stage="running"]').waitFor({ timeout: 60_000 });
    const failures: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await useColorScheme(page, scheme);
      const name = `console-running-1440x900-${scheme}`;
      const shot = await stableScreenshot(page, name, { mask: [page.locator('.console-screen'), page.locator('.list-pane'), page.locator('.detail-facts'), page.locator('.sidebar-version')] });
      const result = compareWithBaseline(name, shot);
      if (result.failure) failures.push(result.failure);
    }
    await useColorScheme(page, 'light');
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('types into the guest from the screen, and Ctrl+Alt+G gives the keys back', async () => {
    await waitForSerial(path.join(home, NAME, 'serial.log'), 'LIMADESK-CIDATA-', { timeoutMs: 120_000 });
    await tabTo(page, "the VM's screen", (f) => f.tag === 'canvas');
    const typed = `kb-typed-${Math.floor(Math.random() * 1e9)}`;
    await typeKeys(page, `echo ${typed} >/dev/ttyS0\n`);
    await waitForSerial(path.join(home, NAME, 'serial.log'), typed, { timeoutMs: 60_000 });
    // Tab itself belongs to the VM here (completion in its shell): the way out is Ctrl+Alt+G.
    await page.keyboard.press('Control+Alt+KeyG');
    await expect.poll(async () => (await focused(page)).tag).toBe('button');
    expect((await focused(page)).name).toBe('Send Ctrl+Alt+Del');
  });

  it('stops it', async () => {
    await tabTo(page, `the Stop button of ${NAME}`, (f) => f.tag === 'button' && /^Stop/.test(f.name), { back: true });
    await page.keyboard.press('Enter');
    await page.locator(`[role="row"][data-instance="${NAME}"][data-status="Stopped"]`).waitFor({ timeout: 200_000 });
    // The status event can beat the answer to the stop request; the actions follow the answer.
    await expect.poll(() => row().getByRole('button', { name: `Start ${NAME}`, exact: true }).isEnabled(), { timeout: 30_000 }).toBe(true);
  });

  it('deletes it after confirming', async () => {
    await tabTo(page, `the More actions button of ${NAME}`, (f) => f.name === `More actions for ${NAME} (details)`, { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    // Delete is the menu's last entry: End goes there (again, if a live update redrew the menu meanwhile).
    await expect
      .poll(async () => {
        await page.keyboard.press('End');
        return (await focused(page)).name;
      })
      .toMatch(/^Delete/);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: `Delete ${NAME}?` });
    await dialog.waitFor();
    // Cancel has the focus: the safe choice is the default.
    expect((await focused(page)).name).toBe('Cancel');
    await tabTo(page, 'the dialog\'s Delete button', (f) => f.tag === 'button' && f.name === 'Delete');
    await page.keyboard.press('Enter');
    await row().waitFor({ state: 'detached', timeout: 30_000 });
    expect(existsSync(path.join(home, NAME))).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
