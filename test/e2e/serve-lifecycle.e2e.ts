import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestGuest } from '../support/guest';
import { apiCaller, ARTIFACTS, buildParts, createBaseDisk, launchChromium, localGuestYaml, makeTempHome, startServe, tearDown, writeInstance, type ApiAnswer, type Serve } from '../support/e2e-kit';

// Browser mode over a real VM: the API starts and stops a QEMU guest (TCG), and the page
// follows its status live from the host agent's events, without reloading.
describe('limadesk serve drives a real VM', () => {
  let home: string;
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  let call: (method: string, params: unknown) => Promise<ApiAnswer>;

  beforeAll(async () => {
    buildParts('cli', 'renderer');
    const guest = await ensureTestGuest();
    home = makeTempHome('ld-sv-');
    writeInstance(home, 'vm1', localGuestYaml(guest, createBaseDisk(home)));
    serve = await startServe(home);
    call = apiCaller(serve.url);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(serve.url.href);
    await page.locator('[role="row"][data-instance="vm1"][data-status="Stopped"]').waitFor({ timeout: 15_000 });
  });

  afterAll(() => tearDown({ browser, serve, home, instances: ['vm1'] }));

  it('starts the VM through the API and the open page turns the row Running by itself', async () => {
    const started = Date.now();
    const result = await call('startInstance', { name: 'vm1' });
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, value: { instance: { name: 'vm1', status: 'Running' } } });
    const row = page.locator('[role="row"][data-instance="vm1"][data-status="Running"]');
    await row.waitFor({ timeout: 15_000 });
    console.log(`start to Running row: ${Date.now() - started} ms`);
    // The host agent's boot stages reached the page too.
    await expect.poll(() => row.locator('.stage').getAttribute('data-stage'), { timeout: 10_000 }).toMatch(/^(qemu-started|vnc-ready|qmp-ready|running|ssh-ready)$/);
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
    await page.locator('[role="row"][data-instance="vm1"][data-status="Stopped"]').waitFor({ timeout: 15_000 });
    const log = await call('readLog', { name: 'vm1', log: 'ha.stdout' });
    expect(log.ok).toBe(true);
    expect(JSON.stringify(log.value)).toContain('qemu-started');
  });
});
