import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, buildParts, createBaseDisk, launchChromium, localGuestYaml, makeTempDir, makeTempHome, ROOT, startServe, tearDown, writeInstance, type Serve } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';

// The detail view of a real VM in browser mode: the boot timeline and serial console of a
// start, the Serial and Logs tabs, a snapshot of the running VM, a start that fails on a
// taken port, and the doctor page, each screen captured in light and dark.
describe('instance detail in Chromium over a real VM', () => {
  let home: string;
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  let portHolder: net.Server;
  let takenPort: number;
  let rendererDir: string;

  /** Both themes of what is on screen now. */
  const capture = async (name: string): Promise<void> => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: path.join(ARTIFACTS, `detail-${name}-${colorScheme}.png`), fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };

  const openTab = async (instance: string, label: string): Promise<void> => {
    await page.getByRole('tab', { name: `${label} of ${instance}` }).click();
  };

  beforeAll(async () => {
    buildParts('cli', 'renderer');
    mkdirSync(ARTIFACTS, { recursive: true });
    const guest = await ensureTestGuest();
    home = makeTempHome('ld-dd-');
    // Other test runs rebuild out/renderer meanwhile; the page loads its lazy tabs from this
    // copy (outside LIMA_HOME, where any directory would be listed as an instance).
    rendererDir = makeTempDir('ld-dd-ui-');
    cpSync(path.join(ROOT, 'out', 'renderer'), rendererDir, { recursive: true });
    expect(existsSync(path.join(rendererDir, 'index.html'))).toBe(true);
    const base = createBaseDisk(home);
    // Without `quiet` the kernel's boot messages fill the serial console too.
    const verbose = { ...guest, cmdline: guest.cmdline.replace(/\s*\bquiet\b/, '') };
    writeInstance(home, 'vm1', localGuestYaml(verbose, base, { memory: '192MiB', display: 'none' }));
    // A second instance whose SSH port another program holds: its start must fail, with the reason shown.
    portHolder = net.createServer();
    await new Promise<void>((resolve) => portHolder.listen(0, '127.0.0.1', resolve));
    takenPort = (portHolder.address() as net.AddressInfo).port;
    writeInstance(home, 'busy', localGuestYaml(guest, base, { memory: '192MiB', display: 'none', extraLines: ['ssh:', `  localPort: ${takenPort}`] }));

    serve = await startServe(home, { LIMADESK_RENDERER_DIR: rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${serve.url.href}#/instances/vm1/overview`);
    await page.locator('[role="row"][data-instance="vm1"][data-status="Stopped"]').waitFor({ timeout: 20_000 });
  });

  afterAll(async () => {
    await tearDown({ browser, serve, home, instances: ['vm1', 'busy'], dirs: [rendererDir] });
    if (portHolder) await new Promise((r) => portHolder.close(r));
  });

  it('Start: the Overview timeline moves through the stages and serial lines appear beside it', async () => {
    const overview = page.getByRole('tabpanel');
    await overview.getByText(/No start seen since Limadesk opened/).waitFor();
    await capture('overview-idle');
    const started = Date.now();
    await page.locator('[role="row"][data-instance="vm1"]').getByRole('button', { name: 'Start vm1', exact: true }).click();
    const stages = page.getByRole('list', { name: 'Boot stages' });
    await stages.locator('li[data-stage="qemu-started"]').waitFor({ timeout: 60_000 });
    await stages.locator('li[data-stage="running"]').waitFor({ timeout: 120_000 });
    console.log(`start to Running stage in the timeline: ${Date.now() - started} ms`);
    const seen = await stages.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-stage')));
    expect(seen.slice(0, 2)).toEqual(['agent-started', 'disks-ready']);
    expect(seen.indexOf('qemu-started')).toBeLessThan(seen.indexOf('qmp-ready'));
    expect(seen.indexOf('qmp-ready')).toBeLessThan(seen.indexOf('running'));
    // Every stage carries its elapsed time since the start; the latest is the current one.
    for (const text of await stages.locator('.limadesk-boot-at').allTextContents()) expect(text).toMatch(/^\+\d+\.\d s$|^\+\d+ min \d\d s$/);
    expect(await stages.locator('li[aria-current="step"]').getAttribute('data-stage')).toBe(seen[seen.length - 1]);
    await page.getByText('Booted', { exact: true }).waitFor();
    const serial = page.getByRole('log', { name: 'serial.log of vm1' });
    await expect.poll(() => serial.textContent(), { timeout: 120_000 }).toContain('LIMADESK-GUEST-BOOTED');
    await capture('overview-running');
  });

  it('Serial tab: the live serial console shows the guest boot marker, followed to the end', async () => {
    await openTab('vm1', 'Serial');
    const serial = page.getByRole('log', { name: 'serial.log of vm1' });
    await expect.poll(() => serial.textContent(), { timeout: 30_000 }).toContain('LIMADESK-GUEST-BOOTED');
    expect(await page.getByRole('checkbox', { name: 'Follow' }).isChecked()).toBe(true);
    await page.getByRole('searchbox', { name: 'Search serial.log of vm1' }).fill('limadesk-guest-booted');
    await expect.poll(() => page.locator('.limadesk-log-count').textContent()).toMatch(/^0 of [1-9]\d*$/);
    await page.getByRole('button', { name: 'Next match' }).click();
    await expect.poll(() => page.locator('mark.is-current').textContent()).toBe('LIMADESK-GUEST-BOOTED');
    await capture('serial');
  });

  it("Logs tab: the host agent's log and events, picked from a list", async () => {
    await openTab('vm1', 'Logs');
    const log = page.getByRole('log', { name: 'ha.stderr.log of vm1' });
    await expect.poll(() => log.textContent(), { timeout: 15_000 }).toContain('starting QEMU');
    await page.getByRole('combobox', { name: 'Log' }).selectOption('ha.stdout');
    await expect.poll(() => page.getByRole('log', { name: 'ha.stdout.log of vm1' }).textContent(), { timeout: 15_000 }).toContain('"stage":"qemu-started"');
    await capture('logs');
  });

  it('Snapshots tab: a snapshot of the running VM is taken, listed with its memory state, and deleted', async () => {
    await openTab('vm1', 'Snapshots');
    await page.getByText('No snapshots yet.').waitFor({ timeout: 30_000 });
    await page.getByRole('textbox', { name: 'New snapshot tag' }).fill('e2e-live');
    const started = Date.now();
    await page.getByRole('button', { name: 'Take snapshot' }).click();
    const row = page.locator('tr[data-snapshot="e2e-live"]');
    await row.waitFor({ timeout: 120_000 });
    console.log(`snapshot of the running VM listed after ${Date.now() - started} ms`);
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toMatch(/^\d+(\.\d+)? [KMG]iB$/);
    expect(cells[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    await page.getByText('Snapshot "e2e-live" saved.').waitFor();
    await capture('snapshots');
    await page.getByRole('button', { name: 'Delete snapshot e2e-live' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete snapshot "e2e-live"?' });
    await capture('snapshots-confirm-delete');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No snapshots yet.').waitFor({ timeout: 60_000 });
    await page.getByText('Snapshot "e2e-live" deleted.').waitFor();
  });

  it('a start that fails on a taken SSH port shows the cause, the fix and the log line from QEMU', async () => {
    await page.goto(`${serve.url.href}#/instances/busy/overview`);
    await page.locator('[role="row"][data-instance="busy"]').getByRole('button', { name: 'Start busy', exact: true }).click();
    const failure = page.getByRole('alert', { name: 'Start failed' });
    await failure.waitFor({ timeout: 60_000 });
    await failure.getByRole('heading', { name: `Port ${takenPort} on the host is already in use` }).waitFor({ timeout: 15_000 });
    // The host agent refuses the taken port before QEMU runs (QEMU's own refusal is matched too, see failure-hints.spec.ts).
    expect(await failure.getByLabel(`Log lines showing: Port ${takenPort} on the host is already in use`).textContent()).toMatch(
      new RegExp(`^ha\\.stderr\\.log: ERROR host agent failed error=ssh\\.localPort ${takenPort} is already in use on 127\\.0\\.0\\.1`, 'm'),
    );
    expect(await failure.textContent()).toContain('set ssh.localPort to 0');
    await capture('overview-failed');
  });

  it('Logs tab: a 10 MB serial log opens at its end and is searched quickly, only the rows in view rendered', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `[${String(i).padStart(6, '0')}] ${i % 1000 === 0 ? 'NEEDLE ' : ''}${'x'.repeat(90)}`);
    writeFileSync(path.join(home, 'busy', 'serial.log'), `${lines.join('\n')}\n`);
    await openTab('busy', 'Logs');
    let started = Date.now();
    await page.getByRole('combobox', { name: 'Log' }).selectOption('serial');
    const log = page.getByRole('log', { name: 'serial.log of busy' });
    await log.getByText('[099999]', { exact: false }).waitFor({ timeout: 60_000 });
    const openMs = Date.now() - started;
    const rendered = await log.locator('.limadesk-log-line').count();
    expect(rendered).toBeLessThan(200);
    started = Date.now();
    await page.getByRole('searchbox', { name: 'Search serial.log of busy' }).fill('needle');
    await expect.poll(() => page.locator('.limadesk-log-count').textContent(), { timeout: 30_000 }).toBe('0 of 100');
    await page.getByRole('button', { name: 'Next match' }).click();
    await log.getByText('[000000] NEEDLE', { exact: false }).waitFor();
    const searchMs = Date.now() - started;
    console.log(`10 MB serial.log (100 000 lines): shown at its end in ${openMs} ms with ${rendered} rows in the DOM; search + first match in ${searchMs} ms`);
    expect(openMs).toBeLessThan(20_000);
    expect(searchMs).toBeLessThan(10_000);
    await capture('logs-10mb');
  });

  it('the doctor page shows QEMU found with its version, and what this host lacks with the fix', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Doctor' }).click();
    const qemu = page.locator('li[data-check="qemu"]');
    await qemu.waitFor({ timeout: 30_000 });
    expect(await qemu.getAttribute('data-state')).toBe('ok');
    expect(await qemu.textContent()).toMatch(/QEMU 7\.2\.\d+ at \/usr\/bin\/qemu-system-x86_64/);
    // This machine has /dev/kvm on a CPU without VMX: the check fails and says why.
    const accel = page.locator('li[data-check="accel"]');
    expect(await accel.getAttribute('data-state')).toBe('failed');
    expect(await accel.textContent()).toContain('no VMX/SVM');
    expect(await page.locator('li[data-check="firmware-x86_64"]').getAttribute('data-state')).toBe('ok');
    await capture('doctor');
  });
});
