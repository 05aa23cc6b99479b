import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { cliPath, leftoverFiles, makeFaultHome, processesUsing, waitFor, type FaultHome } from './faults-harness';

// The VNC password guards the guest's screen and keyboard: it may live in vncpassword (0600)
// while the VM runs, and go to the page that asked for it, but never into a log.
let h: FaultHome;
let serve: ChildProcess | undefined;
let serveOutput = '';

beforeAll(async () => {
  h = await makeFaultHome();
});
afterAll(async () => {
  serve?.kill('SIGKILL');
  if (!h) return;
  await h.cli('stop', '--force', 'secret');
  await rm(h.home, { recursive: true, force: true });
});

/** Every regular file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

describe('the VNC password never reaches a log', () => {
  it('start, open a console session, connect, stop: no log file and no server output holds the password', async () => {
    const dir = await h.createInstance('secret');
    serve = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--debug'], { env: h.env, stdio: ['ignore', 'pipe', 'pipe'] });
    serve.stdout!.on('data', (c: Buffer) => (serveOutput += c.toString()));
    serve.stderr!.on('data', (c: Buffer) => (serveOutput += c.toString()));
    const url = await waitFor('serve to print its URL', 20_000, async () => /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(serveOutput)?.[0]);
    const { origin, searchParams } = new URL(url);
    const call = async (method: string, params: unknown): Promise<{ ok: boolean; value?: unknown; message?: string }> => {
      const res = await fetch(`${origin}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${searchParams.get('token') ?? ''}`, 'content-type': 'application/json', origin },
        body: JSON.stringify(params),
      });
      return (await res.json()) as { ok: boolean; value?: unknown; message?: string };
    };

    expect(await call('startInstance', { name: 'secret' })).toMatchObject({ ok: true });
    const opened = await call('openVncSession', { name: 'secret' });
    expect(opened, opened.message).toMatchObject({ ok: true });
    const session = opened.value as { url: string; password: string };
    const password = session.password;
    expect(password.length).toBeGreaterThanOrEqual(8);
    expect(await readFile(path.join(dir, 'vncpassword'), 'utf8')).toBe(password);
    expect((await stat(path.join(dir, 'vncpassword'))).mode & 0o077).toBe(0);
    // Use the session for real, so the proxy's connection path logs what it logs.
    const ws = new WebSocket(session.url, { headers: { origin } });
    const greeting = await new Promise<string>((resolve, reject) => {
      ws.once('message', (data: Buffer) => resolve(data.toString('latin1')));
      ws.once('error', reject);
      ws.once('unexpected-response', (_r, res) => reject(new Error(`proxy refused: ${res.statusCode}`)));
    });
    expect(greeting).toMatch(/^RFB 003\.00\d\n/);
    ws.close();

    expect(await call('stopInstance', { name: 'secret' })).toMatchObject({ ok: true });
    await waitFor('secret to be Stopped', 30_000, async () => ((await h.status('secret')).status === 'Stopped' ? true : undefined));
    serve.kill('SIGTERM');
    await new Promise((r) => serve!.once('exit', r));
    serve = undefined;

    expect(leftoverFiles(dir)).toEqual([]);
    expect(await processesUsing(dir)).toEqual([]);
    const files = await filesUnder(h.home);
    const logs = files.filter((f) => /\.log$|\.json$|\.txt$/.test(f) || path.basename(f).startsWith('ha.'));
    expect(logs.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['ha.stdout.log', 'ha.stderr.log', 'serial.log']));
    for (const file of files) {
      // Disks may hold anything the guest wrote; only text the host wrote is checked.
      if (/disk|\.qcow2$|\.iso$|\.img$/.test(path.basename(file))) continue;
      expect((await readFile(file)).includes(password), `${file} holds the VNC password`).toBe(false);
    }
    expect(serveOutput.length).toBeGreaterThan(0);
    expect(serveOutput.includes(password), 'serve output holds the VNC password').toBe(false);
  });
});
