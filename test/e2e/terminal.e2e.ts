import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, ARTIFACTS, buildParts, createBaseDisk, launchChromium, localGuestYaml, makeTempHome, runCli, startServe, tearDown, writeInstance, type CliResult, type Serve } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';
import { readSerialLog } from '../support/guest/serial-log';

// SSH into a real VM: the test guest runs OpenSSH's sshd (booted with limadesk.ssh=1) for the user
// named in the cidata the host agent writes, with Lima's generated key. The host agent must
// call SSH ready only after logging in; `limadesk shell` runs the system ssh through the
// instance's ssh.config; the Terminal tab in Chromium, through `limadesk serve`, runs a
// command in the guest's shell and shows its output.
const NAME = 'vm1';
const USER = 'tester';

interface HaEvent {
  time: string;
  status: { running?: boolean; sshLocalPort?: number };
  limadesk?: { stage: string; message?: string };
}

function haEvents(home: string): HaEvent[] {
  const text = readFileSync(path.join(home, NAME, 'ha.stdout.log'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as HaEvent);
}

describe('SSH into the test guest', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  let serve: Serve | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url: URL;

  const cli = (...args: string[]): Promise<CliResult> => runCli(env, args, 120_000);

  beforeAll(async () => {
    buildParts('cli', 'renderer');
    mkdirSync(ARTIFACTS, { recursive: true });
    const guest = await ensureTestGuest();
    // ssh.sock lives in the instance directory too: makeTempHome's short prefix keeps it under 108 bytes.
    home = makeTempHome('ld-tm-');
    env = { ...process.env, LIMA_HOME: home };
    const yaml = localGuestYaml(guest, createBaseDisk(home), {
      extraCmdline: 'limadesk.ssh=1',
      memory: '192MiB',
      display: 'none',
      extraLines: ['user:', `  name: ${USER}`, '  uid: 4242'],
    });
    writeInstance(home, NAME, yaml);
  });

  afterAll(() => tearDown({ browser, serve, home, instances: [NAME] }));

  it('reports ssh-ready only once the guest has accepted the Lima key', async () => {
    const started = Date.now();
    const result = await cli('start', NAME, '--wait', 'ssh', '--timeout', '5m');
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    console.log(`start to ssh-ready: ${Date.now() - started} ms`);

    const events = haEvents(home);
    const stages = events.map((e) => e.limadesk?.stage ?? (e.status.running ? 'running' : ''));
    expect(stages).toContain('cidata-ready');
    expect(stages.indexOf('ssh-ready')).toBeGreaterThan(stages.indexOf('running'));
    const port = events.find((e) => e.limadesk?.stage === 'ssh-ready')!.status.sshLocalPort!;
    expect(port).toBeGreaterThan(0);

    // sshd logs each login on the serial console: the host agent's probe logged in as the
    // Lima user with the key from cidata, and its no-op command ran.
    const serial = readSerialLog(path.join(home, NAME, 'serial.log'));
    expect(serial).toMatch(new RegExp(`LIMADESK-SSH-STARTED ${USER} 1`));
    expect(serial).toMatch(new RegExp(`Accepted publickey for ${USER} from `));
  });

  it('runs a command in the guest with limadesk shell, as limactl shell does', async () => {
    const hi = await cli('shell', NAME, '--', 'echo', 'hi');
    expect(hi.code, hi.stderr).toBe(0);
    expect(hi.stdout).toBe('hi\n');

    const who = await cli('shell', NAME, 'sh', '-c', 'echo "$(id -un) $HOME"; exit 3');
    expect(who.code).toBe(3);
    expect(who.stdout).toMatch(new RegExp(`^${USER} /home/${USER}\\.(guest|linux)\n$`));

    const missing = await cli('shell', 'nosuch', '--', 'true');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('instance "nosuch" does not exist');
  });

  it('opens a shell in the Terminal tab and shows what the guest prints', async () => {
    serve = await startServe(home);
    url = serve.url;
    browser = await launchChromium();
    // Wide enough that the Terminal tab, beside the instance list, holds more than 80 columns.
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url.href);
    // The name cell opens the detail view (a click elsewhere in the row could land on Stop).
    await page.locator(`[role="row"][data-instance="${NAME}"][data-status="Running"]`).locator('.cell-name').click();
    await page.getByRole('tab', { name: `Terminal of ${NAME}` }).click();

    const panel = page.locator('section.terminal');
    await expect.poll(() => panel.getAttribute('data-terminal-state'), { timeout: 30_000 }).toBe('connected');
    const rows = page.locator('.terminal-screen .xterm-rows');
    // busybox's login shell prompt for a non-root user.
    await expect.poll(() => rows.textContent(), { timeout: 30_000 }).toMatch(/\$\s*$/);

    await page.locator('.terminal-screen').click();
    await page.keyboard.type('echo LIMADESK-$((6*7))');
    await page.keyboard.press('Enter');
    const screenLines = async (): Promise<string[]> =>
      (await page.locator('.terminal-screen .xterm-rows > div').allTextContents()).map((line) => line.replace(/\u00a0/g, ' ').trimEnd());
    await expect.poll(screenLines, { timeout: 30_000 }).toContain('LIMADESK-42');
    expect((await screenLines()).some((line) => line.endsWith('echo LIMADESK-$((6*7))'))).toBe(true);

    // The guest's PTY has as many rows as the terminal fitted to the panel shows.
    await page.keyboard.type('busybox stty size');
    await page.keyboard.press('Enter');
    const sizeLine = async (): Promise<string | undefined> => (await screenLines()).map((line) => line.trim()).find((line) => /^\d+ \d+$/.test(line));
    await expect.poll(sizeLine, { timeout: 15_000 }).toMatch(/^\d+ \d+$/);
    const [guestRows, guestCols] = (await sizeLine())!.split(' ').map(Number);
    expect(guestRows).toBe((await screenLines()).length);
    expect(guestCols).toBeGreaterThan(80);

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(ARTIFACTS, `terminal-${colorScheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: null });

    // `exit` ends the shell; the tab says so and offers a new session.
    await page.locator('.terminal-screen').click();
    await page.keyboard.type('exit');
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.getAttribute('data-terminal-state'), { timeout: 15_000 }).toBe('closed');
    await expect.poll(() => page.locator('.terminal-state').textContent()).toContain('the shell exited with status 0');
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await expect.poll(() => panel.getAttribute('data-terminal-state'), { timeout: 30_000 }).toBe('connected');
  });

  it("copies a file dropped on the Terminal tab into the guest user's home", async () => {
    const hostFile = path.join(home, 'dropped-notes.txt');
    writeFileSync(hostFile, 'dropped from the host\n');
    // The desktop app's preload gives a dropped File's host path (webUtils.getPathForFile); a
    // browser page has no such bridge, so the test page gets one that answers with this file.
    // (A string, as it runs in the page, where the DOM's types are.)
    await page.evaluate(`
      window.limadeskFiles = { pathForFile: (f) => (f.name === 'dropped-notes.txt' ? ${JSON.stringify(hostFile)} : '') };
      const data = new DataTransfer();
      data.items.add(new File(['dropped from the host\\n'], 'dropped-notes.txt'));
      const section = document.querySelector('section.terminal');
      section.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      section.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    `);
    await expect.poll(() => page.locator('.terminal-notice').textContent(), { timeout: 30_000 }).toBe(`Copied 1 file (22B) to ${NAME}:~`);
    const cat = await cli('shell', NAME, '--', 'cat', 'dropped-notes.txt');
    expect(cat.stdout).toBe('dropped from the host\n');
  });

  it('follows the instance: ends the session on stop, waits for SSH on the next start, then connects', async () => {
    const call = apiCaller(url);
    const panel = page.locator('section.terminal');
    const state = () => panel.getAttribute('data-terminal-state');

    expect(await call('stopInstance', { name: NAME, force: true })).toMatchObject({ ok: true });
    await expect.poll(state, { timeout: 30_000 }).toBe('not-running');
    expect(await page.locator('.terminal-state').textContent()).toBe(`${NAME} is not running. Start it to open a terminal.`);

    const started = call('startInstance', { name: NAME });
    // Running comes well before the guest's SSH answers; the tab waits instead of failing.
    await expect.poll(state, { timeout: 120_000, interval: 100 }).toBe('waiting-for-ssh');
    expect(await started).toMatchObject({ ok: true });
    await expect.poll(state, { timeout: 180_000 }).toBe('connected');
    await page.locator('.terminal-screen').click();
    await page.keyboard.type('echo again-$((1+1))');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await page.locator('.terminal-screen .xterm-rows > div').allTextContents()).map((l) => l.replace(/\u00a0/g, ' ').trimEnd()), { timeout: 30_000 })
      .toContain('again-2');
  });
});
