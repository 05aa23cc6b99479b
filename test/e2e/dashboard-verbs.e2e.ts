import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, buildParts, createBaseDisk, launchChromium, localGuestYaml, makeTempDir, makeTempHome, ROOT, runCli, startServe, tearDown, waitFor, writeInstance, type Serve } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';

// What the dashboard shows beyond start and stop, in Debian's Chromium over `limadesk serve`
// with real QEMU (TCG) and the test guest: Clone… from a row (the clone starts: the one VM
// this file boots), the Overview's usage charts and Ports list for it, a protected instance's
// Delete refused with the reason, and the Disks screen making and deleting a disk.
const USER = 'tester';

describe('the dashboard shows every verb, what a VM uses and its ports', () => {
  let home: string;
  let rendererDir: string;
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const env = () => ({ ...process.env, LIMA_HOME: home });

  const row = (name: string) => page.locator(`[role="row"][data-instance="${name}"]`);
  const rowMenu = async (name: string, item: RegExp) => {
    await row(name).hover();
    await page.getByRole('button', { name: `More actions for ${name}`, exact: true }).click();
    await page.getByRole('menuitem', { name: item }).click();
  };

  async function shoot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-verbs-${name}-${colorScheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  async function freePort(): Promise<number> {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    return port;
  }

  beforeAll(async () => {
    buildParts('cli', 'renderer');
    mkdirSync(ARTIFACTS, { recursive: true });
    const guest = await ensureTestGuest();
    home = makeTempHome('ld-dv-');
    // Other test runs rebuild out/renderer meanwhile; the page loads its lazy chunks from this copy.
    rendererDir = makeTempDir('ld-dv-ui-');
    cpSync(path.join(ROOT, 'out', 'renderer'), rendererDir, { recursive: true });
    // OpenSSH's sshd in the guest (limadesk.ssh=1) for the guest's memory figures and port forwarding.
    const yaml = localGuestYaml(guest, createBaseDisk(home), { extraCmdline: 'limadesk.ssh=1', memory: '192MiB', display: 'none', extraLines: ['user:', `  name: ${USER}`, '  uid: 4242'] }).replace(
      '\nplain: true\n',
      '\nplain: false\n',
    );
    expect(yaml).toContain('\nplain: false\n');
    writeInstance(home, 'orig', yaml);
    serve = await startServe(home, { LIMADESK_RENDERER_DIR: rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(serve.url.href);
    await page.locator('[role="row"][data-instance="orig"][data-status="Stopped"]').waitFor({ timeout: 20_000 });
  });

  afterAll(() => tearDown({ browser, serve, home, instances: ['orig', 'twin'], dirs: [rendererDir] }));

  it('Clone… from the row: the clone appears, and starts as asked', { timeout: 300_000 }, async () => {
    await rowMenu('orig', /^Clone/);
    const dialog = page.getByRole('dialog', { name: 'Clone orig' });
    const name = dialog.getByLabel('Name of the clone');
    expect(await name.inputValue()).toBe('orig-clone');
    await name.fill('orig');
    await dialog.getByText('An instance named orig already exists; choose another name.').waitFor();
    await name.fill('twin');
    await dialog.getByRole('checkbox', { name: 'Start the clone when it is ready' }).check();
    await shoot('clone-dialog');
    await dialog.getByRole('button', { name: 'Clone' }).click();
    await row('twin').waitFor({ timeout: 60_000 });
    expect(existsSync(path.join(home, 'twin', 'lima.yaml'))).toBe(true);
    await page.getByText('Cloned orig to twin').first().waitFor({ timeout: 30_000 });
    // The dialog showed the new instance: its details are open.
    await page.getByRole('region', { name: 'Details of twin' }).waitFor();
    const started = Date.now();
    await page.locator('[role="row"][data-instance="twin"][data-status="Running"]').waitFor({ timeout: 240_000 });
    console.log(`clone started from the dialog, Running after ${Date.now() - started} ms`);
    // The original stays as it was.
    expect(await row('orig').getAttribute('data-status')).toBe('Stopped');
  });

  it("the Overview draws the clone's CPU and memory over time, with the figures beside", { timeout: 180_000 }, async () => {
    await page.getByRole('tab', { name: 'Overview of twin' }).click();
    const usage = page.getByRole('region', { name: 'Usage' });
    const cpu = usage.getByRole('img', { name: /^CPU of twin/ });
    const memory = usage.getByRole('img', { name: /^Memory in use in twin/ });
    // Every 2 s a sample; the second one has the first CPU rate.
    await expect.poll(async () => Number(await cpu.getAttribute('data-drawn')), { timeout: 90_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => Number(await memory.getAttribute('data-drawn')), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    // uPlot drew the series on its canvas: pixels in the line's own colour, which neither the grid nor the axes use.
    const linePixels = (chart: typeof cpu, token: string) =>
      chart.evaluate((el, t) => {
        const hex = el.ownerDocument.defaultView!.getComputedStyle(el).getPropertyValue(t).trim();
        const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
        const canvas = el.querySelector('canvas');
        if (!canvas) return -1;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! > 200 && Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) < 60) n++;
        }
        return n;
      }, token);
    await expect.poll(() => linePixels(cpu, '--color-chart-cpu'), { timeout: 20_000 }).toBeGreaterThan(5);
    await expect.poll(() => linePixels(memory, '--color-chart-memory'), { timeout: 20_000 }).toBeGreaterThan(5);
    const figures = await usage.locator('figcaption').allTextContents();
    expect(figures[0]).toMatch(/^CPU\d+(\.\d)?%of 1 vCPU/);
    expect(figures[1]).toMatch(/^Memory\d+(\.\d)?[KMG]iB/);
    // The list's row draws the same, smaller.
    await expect.poll(async () => Number(await row('twin').getByRole('img', { name: 'CPU of twin, last 5 minutes' }).getAttribute('data-points')), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await shoot('overview-usage');
  });

  it('the Ports list shows a forward of a guest listener, with a link that opens it', { timeout: 240_000 }, async () => {
    // The guest's sshd comes up after Running: wait for a shell, as a user would.
    await waitFor('an SSH shell in twin', 180_000, async () => ((await runCli(env(), ['shell', 'twin', '--', 'true'], 30_000)).code === 0 ? true : undefined), 2000);
    const port = await freePort();
    const started = await runCli(env(), ['shell', 'twin', '--', 'sh', '-c', `mkdir -p /tmp/www && echo hello-from-twin > /tmp/www/index.html && { httpd -f -p 127.0.0.1:${port} -h /tmp/www </dev/null >/dev/null 2>&1 & }`], 60_000);
    expect(started.code, started.stderr).toBe(0);
    const ports = page.getByRole('table', { name: 'Port forwards of twin' });
    const forward = ports.locator(`tr[data-guest="127.0.0.1:${port}"]`);
    await forward.waitFor({ timeout: 60_000 });
    await expect.poll(() => forward.getAttribute('data-state'), { timeout: 30_000 }).toBe('forwarding');
    expect(await forward.locator('td').allTextContents()).toEqual([`127.0.0.1:${port}`, `127.0.0.1:${port}`, 'Forwarding', 'Open']);
    const href = await forward.getByRole('link', { name: `Open http://127.0.0.1:${port}/` }).getAttribute('href');
    expect(href).toBe(`http://127.0.0.1:${port}/`);
    // The link leads to the guest's server.
    expect((await (await fetch(href!)).text()).trim()).toBe('hello-from-twin');
    // The SSH server of the guest is listed, not forwarded.
    expect(await ports.locator('tr[data-guest="0.0.0.0:22"]').getAttribute('data-state')).toBe('not-forwarding');
    await shoot('overview-ports');
    // The row links the port too (the full-width list has the room).
    await page.getByRole('button', { name: 'Close the details of twin' }).click();
    await row('twin').getByRole('link', { name: `:${port}` }).waitFor({ timeout: 15_000 });
    await shoot('list-running');
  });

  it("a protected instance's Delete is refused with the reason, and nothing is deleted", async () => {
    await rowMenu('orig', /^Protect$/);
    await row('orig').getByRole('img', { name: 'Protected' }).waitFor({ timeout: 15_000 });
    expect(existsSync(path.join(home, 'orig', 'protected'))).toBe(true);
    await rowMenu('orig', /^Delete/);
    const refusal = page.getByRole('alertdialog', { name: 'orig is protected' });
    await refusal.waitFor();
    expect(await refusal.getByRole('alert').textContent()).toBe('orig cannot be deleted: it is protected against accidental deletion and factory reset (limadesk protect orig).');
    expect(await refusal.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    await shoot('protected-delete');
    await refusal.getByRole('button', { name: 'Close' }).click();
    await refusal.waitFor({ state: 'detached' });
    expect(existsSync(path.join(home, 'orig', 'lima.yaml'))).toBe(true);
    // The main side says the same to a request that skips the dialog.
    const deleted = await runCli(env(), ['delete', 'orig']);
    expect(deleted.code).not.toBe(0);
    expect(`${deleted.stdout}${deleted.stderr}`).toMatch(/protected/);
  });

  it('the Disks screen creates a disk, refuses to delete it while an instance names it, and deletes it once detached', { timeout: 120_000 }, async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Disks' }).click();
    await page.getByRole('heading', { name: 'No disks yet' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Create disk' }).click();
    const create = page.getByRole('dialog', { name: 'Create a disk' });
    await create.getByLabel('Name').fill('data');
    await create.getByLabel('Size').fill('lots');
    await create.getByText('"lots" is not a size').waitFor();
    await create.getByLabel('Size').fill('1GiB');
    await create.getByRole('button', { name: 'Create' }).click();
    const disk = page.locator('tr[data-disk="data"]');
    await disk.waitFor({ timeout: 30_000 });
    expect((await disk.locator('th, td').allTextContents()).slice(0, 6)).toEqual(['data', '1GiB', expect.stringMatching(/^\d+(\.\d)?[KM]iB$/), 'qcow2', '—', '/mnt/lima-data']);
    expect(existsSync(path.join(home, '_disks', 'data', 'datadisk'))).toBe(true);
    await shoot('disks');

    const diskMenu = async (item: RegExp) => {
      await page.getByRole('button', { name: 'Actions for disk data' }).click();
      await page.getByRole('menuitem', { name: item }).click();
    };
    await diskMenu(/^Attach/);
    const attach = page.getByRole('dialog', { name: 'Attach data' });
    await attach.getByLabel('Instance').selectOption('orig');
    await attach.getByRole('button', { name: 'Attach' }).click();
    await page.getByRole('status').filter({ hasText: 'orig names data in its lima.yaml' }).waitFor({ timeout: 30_000 });
    expect(readFileSync(path.join(home, 'orig', 'lima.yaml'), 'utf8')).toMatch(/additionalDisks:\n- (name: )?"?data"?\n/);
    await expect.poll(() => disk.locator('td').nth(3).textContent(), { timeout: 15_000 }).toBe('named by orig');

    await diskMenu(/^Delete/);
    const refusal = page.getByRole('dialog', { name: 'Cannot delete data' });
    expect(await refusal.getByRole('alert').textContent()).toBe('data is in use by orig: named in additionalDisks.');
    await refusal.getByRole('button', { name: 'Close' }).click();
    expect(existsSync(path.join(home, '_disks', 'data'))).toBe(true);

    await diskMenu(/^Detach from orig/);
    await page.getByRole('status').filter({ hasText: 'orig no longer names data.' }).waitFor({ timeout: 30_000 });
    await diskMenu(/^Delete/);
    const ask = page.getByRole('alertdialog', { name: 'Delete disk data?' });
    await ask.getByRole('button', { name: 'Delete' }).click();
    await disk.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: 'Deleted disk data.' }).waitFor();
    expect(existsSync(path.join(home, '_disks', 'data'))).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
