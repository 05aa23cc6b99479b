import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, ARTIFACTS, buildParts, createBaseDisk, launchChromium, localGuestYaml, makeTempHome, startServe, tearDown, writeInstance, type ApiAnswer, type Serve } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';
import { readSerialLog, waitForSerial } from '../support/guest/serial-log';

// The console tab over a real VM: QEMU's VNC server, the loopback proxy and noVNC in
// Debian's Chromium, all through `limadesk serve`. The test guest draws its text console on
// virtio-vga and runs a root shell on tty1, so what the page types shows up on the canvas,
// and a command typed there can write to the serial port, which QEMU logs to serial.log.
const NAME = 'vm1';

interface CanvasStats {
  width: number;
  height: number;
  /** Pixels clearly brighter than the text console's black background. */
  lit: number;
  /** Pixels that differ from the snapshot kept by the previous call with `keep`. */
  changed: number;
}

// The slice of the page's globals the evaluated functions use; the test's tsconfig has no DOM
// library, and these functions run in the page, where globalThis is the window.
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
interface PageGlobals {
  document: { querySelector(selector: string): PageCanvas | null; fullscreenElement: { className: string } | null };
  getComputedStyle(element: unknown): { color: string };
  __consoleSnapshot?: Uint8ClampedArray;
}

/** Reads the noVNC canvas in the page itself: what the user sees, not what a server reports. */
function canvasStats(page: Page, keep = false): Promise<CanvasStats | null> {
  return page.evaluate((keepSnapshot) => {
    const store = globalThis as unknown as PageGlobals;
    const canvas = store.document.querySelector('.console-screen canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return null;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const before = store.__consoleSnapshot;
    let lit = 0;
    let changed = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i]! + data[i + 1]! + data[i + 2]! > 96) lit++;
      if (before && before.length === data.length && (before[i] !== data[i] || before[i + 1] !== data[i + 1] || before[i + 2] !== data[i + 2])) changed++;
    }
    if (keepSnapshot) store.__consoleSnapshot = data;
    return { width: canvas.width, height: canvas.height, lit, changed };
  }, keep);
}

// Chromium's keyboard.type sends a shifted character's key code without Shift held, and
// noVNC forwards key codes (QEMU extended key events), so shifted characters are pressed
// here with an explicit Shift.
const SHIFTED: Record<string, string> = { '>': 'Period', '<': 'Comma', '|': 'Backslash', '$': 'Digit4', '_': 'Minus', '"': 'Quote' };
async function typeKeys(page: Page, text: string): Promise<void> {
  for (const char of text) {
    if (char === '\n') await page.keyboard.press('Enter');
    else if (SHIFTED[char]) await page.keyboard.press(`Shift+${SHIFTED[char]}`);
    else if (/^[A-Z]$/.test(char)) await page.keyboard.press(`Shift+Key${char}`);
    else await page.keyboard.press(char);
  }
}

describe('the console tab shows and drives a real VM', () => {
  let home: string;
  let serialLog: string;
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  let call: (method: string, params: unknown) => Promise<ApiAnswer>;

  const consoleState = () => page.locator('section.console').getAttribute('data-console-state');

  beforeAll(async () => {
    buildParts('cli', 'renderer');
    const guest = await ensureTestGuest();
    home = makeTempHome('ld-con-');
    serialLog = path.join(writeInstance(home, NAME, localGuestYaml(guest, createBaseDisk(home))), 'serial.log');
    serve = await startServe(home);
    call = apiCaller(serve.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(serve.url.href);
    await page.locator(`[role="row"][data-instance="${NAME}"][data-status="Stopped"]`).waitFor({ timeout: 15_000 });
  });

  afterAll(() => tearDown({ browser, serve, home, instances: [NAME] }));

  it('says "not running" for a stopped VM, then shows the guest\'s screen once it runs', async () => {
    // The row's own Console link opens the detail view on the console tab.
    await page.getByRole('link', { name: `Console of ${NAME}` }).click();
    await expect.poll(() => page.getByRole('tab', { name: /^Console/ }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(consoleState, { timeout: 10_000 }).toBe('not-running');
    await expect.poll(() => page.locator('section.console [role="status"]').textContent()).toBe(`${NAME} is not running. Start it to see its screen.`);

    const started = Date.now();
    const result = await call('startInstance', { name: NAME });
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    await expect.poll(consoleState, { timeout: 30_000 }).toBe('connected');
    console.log(`start to console connected: ${Date.now() - started} ms`);
    // The cidata report is the guest's last output at boot; typing after it keeps the screen tidy.
    await waitForSerial(serialLog, 'LIMADESK-CIDATA-', { timeoutMs: 120_000 });

    // The guest prints its markers on the VGA console: grey text on black.
    let stats: CanvasStats | null = null;
    await expect
      .poll(
        async () => {
          stats = await canvasStats(page);
          return stats ? stats.lit / (stats.width * stats.height) : 0;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBeGreaterThan(0.004);
    console.log(`canvas ${JSON.stringify(stats)}`);
    expect(stats!.width).toBeGreaterThanOrEqual(640);
  });

  let typed = '';
  it('sends keys to the VM only while the screen has focus, and what is typed runs in the guest', async () => {
    typed = `limadesk-typed-${Math.floor(Math.random() * 1e9)}`;
    const stray = `limadesk-stray-${Math.floor(Math.random() * 1e9)}`;

    // Focus elsewhere on the page (a click on the status line blurs the screen): keys stay in the page.
    await page.locator('.console-state').click();
    await typeKeys(page, `echo ${stray} >/dev/ttyS0`);

    await canvasStats(page, true);
    await page.locator('.console-screen canvas').click();
    await typeKeys(page, `echo ${typed} >/dev/ttyS0\n`);
    const log = await waitForSerial(serialLog, typed, { timeoutMs: 60_000 });
    expect(log).not.toContain(stray);

    // The shell echoed the command on tty1, which is the VGA console.
    await expect.poll(async () => (await canvasStats(page))?.changed ?? 0, { timeout: 15_000 }).toBeGreaterThan(200);
  });

  it('Screenshot downloads the VM\'s screen as a PNG, and Full screen shows the whole console', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: "Save a screenshot of the VM's screen" }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${NAME}-console-\\d{4}-\\d\\d-\\d\\dT[\\d-]+\\.png$`));
    const file = path.join(ARTIFACTS, 'console-download.png');
    mkdirSync(ARTIFACTS, { recursive: true });
    await download.saveAs(file);
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // The framebuffer's own size (IHDR), not the scaled size on the page.
    const stats = (await canvasStats(page))!;
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([stats.width, stats.height]);

    const fullScreen = page.getByRole('button', { name: 'Full screen' });
    const fullScreenElement = () => page.evaluate(() => (globalThis as unknown as PageGlobals).document.fullscreenElement?.className ?? 'none');
    await fullScreen.click();
    await expect.poll(fullScreenElement).toBe('console');
    // The button follows the browser's fullscreenchange event, which can land a render after the element changes.
    await expect.poll(() => fullScreen.getAttribute('aria-pressed')).toBe('true');
    await fullScreen.click();
    await expect.poll(fullScreenElement).toBe('none');
    await expect.poll(() => fullScreen.getAttribute('aria-pressed')).toBe('false');
  });

  it('the proxy refuses a wrong token and a reused one, and admits a fresh one from the page', async () => {
    const session = await call('openVncSession', { name: NAME });
    expect(session.ok, JSON.stringify(session)).toBe(true);
    const real = (session.value as { url: string }).url;
    const bogus = real.replace(/\/vnc\/[^/?]+/, '/vnc/not-a-real-token');
    expect(bogus).not.toBe(real);

    const outcome = (wsUrl: string) =>
      page.evaluate(
        (u) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(u);
            ws.binaryType = 'arraybuffer';
            // An admitted session speaks first: QEMU's RFB greeting "RFB 003.008\n".
            ws.onmessage = (e) => {
              resolve(`data:${new TextDecoder().decode(e.data as ArrayBuffer).slice(0, 7)}`);
              ws.close();
            };
            ws.onclose = (e) => resolve(`closed:${e.code}`);
            setTimeout(() => resolve('timeout'), 10_000);
          }),
        wsUrl,
      );

    expect(await outcome(bogus)).toMatch(/^closed:/);
    expect(await outcome(real)).toBe('data:RFB 003');
    expect(await outcome(real)).toMatch(/^closed:/);
    // The console's own connection is untouched by all this.
    expect(await consoleState()).toBe('connected');
  });

  it('follows the light and dark themes', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const brightness = (css: string): number => {
      const [r = 0, g = 0, b = 0] = (css.match(/[\d.]+/g) ?? []).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    const section = page.locator('section.console');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const colours = await section.evaluate((el) => {
        const style = (globalThis as unknown as PageGlobals).getComputedStyle(el);
        return { text: style.color };
      });
      // Text readable on the scheme's background: dark text in light, light text in dark.
      if (scheme === 'light') expect(brightness(colours.text), colours.text).toBeLessThan(0.4);
      else expect(brightness(colours.text), colours.text).toBeGreaterThan(0.6);
      await page.screenshot({ path: path.join(ARTIFACTS, `console-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: null });
  });

  it('says "not running" when the VM stops and reconnects by itself when it runs again', async () => {
    const stopped = await call('stopInstance', { name: NAME, force: true });
    expect(stopped, JSON.stringify(stopped)).toMatchObject({ ok: true });
    await expect.poll(consoleState, { timeout: 20_000 }).toBe('not-running');

    const started = await call('startInstance', { name: NAME });
    expect(started, JSON.stringify(started)).toMatchObject({ ok: true });
    await expect.poll(consoleState, { timeout: 30_000 }).toBe('connected');
    // A new boot: serial.log starts afresh, and the new screen reaches the canvas.
    await waitForSerial(serialLog, 'LIMADESK-GUEST-BOOTED', { timeoutMs: 120_000 });
    expect(readSerialLog(serialLog)).not.toContain(typed);
    await expect.poll(async () => (await canvasStats(page))?.lit ?? 0, { timeout: 60_000, interval: 500 }).toBeGreaterThan(1000);
  });
});
