import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect as netConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiCaller, BOOT_MARKER, buildParts, createBaseDisk, launchChromium, localGuestYaml, makeTempHome, ROOT, startServe, tearDown, writeInstance, type ApiAnswer, type Serve } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';

// The console proxy over a real VM: `limadesk serve` starts a TCG guest with a VNC display,
// hands out a console URL through its API, and an RFB client speaking through that URL
// authenticates with the instance's vncpassword and receives the guest's screen.

/** VNC authentication (RFB 3.8 §7.2.2) is DES with the password as key; OpenSSL 3 no longer offers DES, noVNC carries its own. */
async function vncAuthResponse(password: string, challenge: Buffer): Promise<Buffer> {
  type Cipher = { encrypt(algorithm: unknown, data: Uint8Array): Uint8Array };
  const des = (await import(pathToFileURL(path.join(ROOT, 'node_modules/@novnc/novnc/core/crypto/des.js')).href)) as {
    DESECBCipher: { importKey(key: number[]): Cipher };
  };
  const key = [...password.slice(0, 8)].map((c) => c.charCodeAt(0));
  return Buffer.from(des.DESECBCipher.importKey(key).encrypt({ name: 'DES-ECB' }, new Uint8Array(challenge)));
}

/** Reads exact byte counts from a WebSocket whose binary frames carry a byte stream. */
class FrameStream {
  private buffered = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private closedWith: number | undefined;

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, data]);
      this.wake?.();
    });
    ws.on('close', (code: number) => {
      this.closedWith = code;
      this.wake?.();
    });
  }

  async read(n: number, timeoutMs = 30_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffered.length < n) {
      if (this.closedWith !== undefined) throw new Error(`the WebSocket closed (${this.closedWith}) with ${this.buffered.length} of ${n} bytes read`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${n} bytes (have ${this.buffered.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const out = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(n);
    return out;
  }

  write(bytes: Buffer): void {
    this.ws.send(bytes);
  }
}

interface Framebuffer {
  width: number;
  height: number;
  bitsPerPixel: number;
  name: string;
}

/** The RFB 3.8 handshake with VNC authentication, up to ServerInit. */
async function rfbHandshake(stream: FrameStream, password: string): Promise<Framebuffer> {
  const version = (await stream.read(12)).toString('latin1');
  expect(version).toBe('RFB 003.008\n');
  stream.write(Buffer.from('RFB 003.008\n'));
  const count = (await stream.read(1))[0]!;
  const types = [...(await stream.read(count))];
  expect(types).toContain(2);
  stream.write(Buffer.from([2]));
  const challenge = await stream.read(16);
  stream.write(await vncAuthResponse(password, challenge));
  const result = (await stream.read(4)).readUInt32BE(0);
  if (result !== 0) throw new Error(`VNC authentication failed (SecurityResult ${result})`);
  stream.write(Buffer.from([1])); // ClientInit: shared
  const init = await stream.read(24);
  const name = (await stream.read(init.readUInt32BE(20))).toString('utf8');
  return { width: init.readUInt16BE(0), height: init.readUInt16BE(2), bitsPerPixel: init[4]!, name };
}

/** Asks for the whole screen in the Raw encoding and returns its pixel bytes. */
async function fullFrame(stream: FrameStream, fb: Framebuffer): Promise<Buffer> {
  const setEncodings = Buffer.alloc(8);
  setEncodings.writeUInt8(2, 0);
  setEncodings.writeUInt16BE(1, 2);
  setEncodings.writeInt32BE(0, 4); // Raw
  stream.write(setEncodings);
  const request = Buffer.alloc(10);
  request.writeUInt8(3, 0);
  request.writeUInt8(0, 1); // not incremental: the whole screen
  request.writeUInt16BE(fb.width, 6);
  request.writeUInt16BE(fb.height, 8);
  stream.write(request);
  const pixels: Buffer[] = [];
  for (;;) {
    const type = (await stream.read(1))[0];
    // A bell (2) or the server's clipboard (3) may come first.
    if (type === 2) continue;
    if (type === 3) {
      await stream.read((await stream.read(7)).readUInt32BE(3));
      continue;
    }
    expect(type).toBe(0);
    const rects = (await stream.read(3)).readUInt16BE(1);
    for (let i = 0; i < rects; i++) {
      const rect = await stream.read(12);
      const w = rect.readUInt16BE(4);
      const h = rect.readUInt16BE(6);
      expect(rect.readInt32BE(8)).toBe(0);
      pixels.push(await stream.read(w * h * (fb.bitsPerPixel / 8), 60_000));
    }
    return Buffer.concat(pixels);
  }
}

describe('the console proxy in front of a real VM', () => {
  let home: string;
  let serve: Serve;
  let url: URL;
  let call: (method: string, params: unknown) => Promise<ApiAnswer>;
  const openSession = async (): Promise<{ url: string; password: string }> => {
    const answer = await call('openVncSession', { name: 'vm1' });
    expect(answer, JSON.stringify(answer)).toMatchObject({ ok: true });
    return answer.value as { url: string; password: string };
  };
  /**
   * Connects as a page of the serve origin would; resolves with the socket or the HTTP status
   * of a refusal. The stream listens from the start: the server's greeting can arrive in the
   * same read as the handshake answer, before an awaiting caller could attach a listener.
   */
  const connect = (wsUrl: string, origin: string | undefined): Promise<{ ws?: WebSocket; stream?: FrameStream; status?: number }> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl, ['binary'], origin ? { origin } : {});
      const stream = new FrameStream(ws);
      ws.once('open', () => resolve({ ws, stream }));
      ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
      ws.once('error', reject);
    });

  beforeAll(async () => {
    buildParts('cli', 'renderer');
    const guest = await ensureTestGuest();
    home = makeTempHome('ld-vnc-');
    writeInstance(home, 'vm1', localGuestYaml(guest, createBaseDisk(home)));
    serve = await startServe(home);
    url = serve.url;
    call = apiCaller(url);
  });

  afterAll(() => tearDown({ serve, home, instances: ['vm1'] }));

  it('answers wrong-state for a VM that is not running', async () => {
    expect(await call('openVncSession', { name: 'vm1' })).toMatchObject({ ok: false, code: 'wrong-state' });
  });

  it("carries the guest's screen to an RFB client that authenticates with the vncpassword", async () => {
    const started = await call('startInstance', { name: 'vm1' });
    expect(started, JSON.stringify(started)).toMatchObject({ ok: true, value: { instance: { status: 'Running' } } });
    // The markers are drawn on the VGA console too: once booted, the screen has text on it.
    await expect
      .poll(() => readFileSync(path.join(home, 'vm1', 'serial.log'), 'utf8').includes(BOOT_MARKER), { timeout: 120_000, interval: 500 })
      .toBe(true);
    const session = await openSession();
    expect(session.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/vnc\/[A-Za-z0-9_-]{43}$/);
    expect(session.password).toBe(readFileSync(path.join(home, 'vm1', 'vncpassword'), 'utf8'));

    const { ws, stream } = await connect(session.url, url.origin);
    expect(ws?.protocol).toBe('binary');
    const fb = await rfbHandshake(stream!, session.password);
    expect(fb.width).toBeGreaterThan(0);
    expect(fb.height).toBeGreaterThan(0);
    const t0 = Date.now();
    const pixels = await fullFrame(stream!, fb);
    const elapsed = Date.now() - t0;
    expect(pixels.length).toBe(fb.width * fb.height * (fb.bitsPerPixel / 8));
    const lit = pixels.reduce((n, byte) => n + (byte !== 0 ? 1 : 0), 0);
    console.log(`framebuffer ${fb.width}x${fb.height}@${fb.bitsPerPixel}bpp "${fb.name}": ${pixels.length} bytes (${lit} non-zero) in ${elapsed} ms through the proxy`);
    // Text on a black console: some, but far from all, bytes are lit.
    expect(lit).toBeGreaterThan(100);
    ws!.close();
  });

  it("opens while another client holds QEMU's monitor: the display comes from the host agent's files, not from QMP", async () => {
    // QEMU serves one QMP client at a time; a second one gets no greeting until the first leaves.
    const holder = netConnect(path.join(home, 'vm1', 'qmp.sock'));
    holder.on('error', () => undefined);
    try {
      await new Promise((resolve) => holder.once('data', resolve));
      const session = await openSession();
      const { ws, stream } = await connect(session.url, url.origin);
      const fb = await rfbHandshake(stream!, session.password);
      expect(fb.width).toBeGreaterThan(0);
      ws!.close();
    } finally {
      holder.destroy();
    }
  });

  it('opens from the page `limadesk serve` serves, in Chromium (its Origin header and CSP)', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(url.href);
      const session = await openSession();
      // A string, so that the bundler's rewrite of this file's own `WebSocket` import stays out of the page.
      const greeting = await page.evaluate(`new Promise((resolve, reject) => {
        const ws = new WebSocket(${JSON.stringify(session.url)}, ['binary']);
        ws.binaryType = 'arraybuffer';
        ws.onmessage = (e) => { resolve(new TextDecoder().decode(e.data)); ws.close(); };
        ws.onerror = () => reject(new Error('the console WebSocket failed'));
      })`);
      expect(greeting).toBe('RFB 003.008\n');
    } finally {
      await browser.close();
    }
  });

  it('refuses a used token, a made-up token and a foreign page', async () => {
    const session = await openSession();
    const proxyHost = new URL(session.url).host;
    expect(await connect(`ws://${proxyHost}/vnc/${'x'.repeat(43)}`, url.origin)).toMatchObject({ status: 401 });
    expect(await connect(session.url, 'http://attacker.example')).toMatchObject({ status: 403 });
    const { ws } = await connect(session.url, url.origin);
    expect(ws).toBeDefined();
    ws!.close();
    expect(await connect(session.url, url.origin)).toMatchObject({ status: 401 });
  });

  it('closes the console when the VM goes away', async () => {
    const session = await openSession();
    const { ws, stream } = await connect(session.url, url.origin);
    await rfbHandshake(stream!, session.password);
    const closed = new Promise<number>((resolve) => ws!.once('close', (code: number) => resolve(code)));
    const stopped = await call('stopInstance', { name: 'vm1', force: true });
    expect(stopped, JSON.stringify(stopped)).toMatchObject({ ok: true });
    expect(await closed).toBe(1000);
  });
});
