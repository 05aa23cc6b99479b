import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCaller,
  ARTIFACTS,
  buildParts,
  CLI_PATH,
  createBaseDisk,
  forceStopAll,
  killLeftovers,
  launchChromium,
  localGuestYaml,
  makeTempDir,
  makeTempHome,
  runCli,
  startServe,
  tearDown,
  waitFor,
  writeInstance,
  type ApiAnswer,
  type CliResult,
  type Serve,
} from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';
import { waitForSerial } from '../support/guest/serial-log';
import { hostAddArgs, recordEvents, remoteStages, rfbGreeting, type EventRecorder } from '../support/hosts-kit';
import { startSshdHost, type SshdHost } from '../support/sshd-host';

// A second host on this machine: OpenSSH's sshd on a loopback port with its own LIMA_HOME,
// reached by the first host (its own LIMA_HOME and config directory) with the system ssh
// running `limadesk serve --stdio` there. A real VM on the second host is started, consoled
// (QEMU's RFB greeting through the SSH connection's forward) and stopped from the first,
// through serve's API and through the CLI's --host; the dashboard in Chromium shows it with
// its host, follows it live and opens its console through the same connection.
const VM = 'rvm';
const HOST = 'r1';
const USER = 'tester';

describe('a VM on another host, over SSH', () => {
  let remote: SshdHost;
  let home: string;
  let config: string;
  let env: NodeJS.ProcessEnv;
  let serve: Serve | undefined;
  let call: (method: string, params: unknown) => Promise<ApiAnswer>;
  let events: EventRecorder;
  let browser: Browser | undefined;
  let page: Page;
  const row = () => page.locator(`[role="row"][data-instance="${VM}"]`);
  const cli = (...args: string[]): Promise<CliResult> => runCli(env, args, 240_000);

  beforeAll(async () => {
    buildParts('cli', 'renderer');
    const guest = await ensureTestGuest();
    remote = await startSshdHost();
    // The guest runs sshd for the terminal; the display is QEMU's VNC server.
    writeInstance(
      remote.limaHome,
      VM,
      localGuestYaml(guest, createBaseDisk(remote.limaHome), { extraCmdline: 'limadesk.ssh=1', memory: '192MiB', extraLines: ['user:', `  name: ${USER}`, '  uid: 4242'] }),
    );
    home = makeTempHome('ld-h1-');
    config = makeTempDir('ld-h1c-');
    env = { ...process.env, LIMA_HOME: home, XDG_CONFIG_HOME: config };
  });

  afterAll(async () => {
    events?.close();
    forceStopAll(remote.limaHome, [VM]);
    await tearDown({ browser, serve, home, dirs: [config] });
    await remote?.stop();
    killLeftovers(remote.dir);
    await tearDown({ home: remote.dir });
  });

  it('host add connects once, records the new host key and saves the host', async () => {
    const added = await cli(...hostAddArgs(HOST, remote));
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/Warning: Permanently added '\[127\.0\.0\.1\]:\d+' \(ED25519\) to the list of known hosts/);
    expect(added.stdout).toMatch(/^Connected to ld-remote: Limadesk \d+\.\d+\.\d+\S* \(API 1\) on \S+, LIMA_HOME .*\/lima, 1 instance\n/);
    expect(added.stdout).toContain(`Host "${HOST}" added (${path.join(config, 'limadesk', 'hosts.json')})`);
    expect(readFileSync(remote.knownHosts, 'utf8')).toMatch(/^\[127\.0\.0\.1\]:\d+ ssh-ed25519 /);
    const hosts = JSON.parse(readFileSync(path.join(config, 'limadesk', 'hosts.json'), 'utf8')) as { hosts: unknown[] };
    expect(hosts.hosts).toEqual([{ name: HOST, destination: 'ld-remote', remoteCommand: remote.remoteCommand, sshConfig: remote.sshConfig }]);
    expect((await cli('host', 'list')).stdout).toMatch(new RegExp(`^NAME\\s+DESTINATION\\s+PORT\\s+IDENTITY\\s+REMOTE COMMAND\\n${HOST}\\s+ld-remote\\s+-\\s+-\\s+`));
  });

  it("serve lists the other host's instance with its host, and the host as connected", async () => {
    serve = await startServe(home, { XDG_CONFIG_HOME: config });
    call = apiCaller(serve.url);
    events = await recordEvents(serve.url);
    const host = await waitFor('the host to connect', 30_000, async () => {
      const r = await call('listHosts', {});
      const h = (r.value as { hosts: Array<{ name: string; state: string }> }).hosts[0];
      return h?.state === 'connected' ? h : undefined;
    });
    expect(host).toMatchObject({ name: HOST, destination: 'ld-remote', state: 'connected', instanceCount: 1, remote: { api: 1, limaHome: path.join(remote.limaHome) } });
    const list = await call('listInstances', {});
    expect(list.value).toEqual([expect.objectContaining({ name: VM, host: HOST, status: 'Stopped', dir: path.join(remote.limaHome, VM) })]);
    expect(list.value).not.toEqual([expect.objectContaining({ unreachable: expect.anything() })]);
    // An instance of that name on this machine would be another one: asked without a host, this machine answers.
    expect(await call('getInstance', { name: VM })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await call('getInstance', { name: VM, host: 'nowhere' })).toMatchObject({ ok: false, code: 'not-found', message: expect.stringContaining('no host named "nowhere"') });

    // The dashboard: the instance with its host beside its name, found by the host's name too.
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(serve.url.href);
    await row().locator('.host-badge[data-host="r1"]').waitFor({ timeout: 15_000 });
    expect(await row().getAttribute('data-status')).toBe('Stopped');
    expect(await row().locator('.host-badge').getAttribute('data-unreachable')).toBeNull();
    await page.getByRole('searchbox', { name: 'Search instances by name' }).fill(HOST);
    await row().waitFor();
    await page.getByRole('searchbox', { name: 'Search instances by name' }).fill('');
    // The Hosts screen has it connected, with what it runs.
    const hosts = await browser.newPage();
    await hosts.goto(`${serve.url.href}#/hosts`);
    const card = hosts.locator(`[data-host="${HOST}"]`);
    await expect.poll(() => card.getAttribute('data-host-state'), { timeout: 15_000 }).toBe('connected');
    expect(await card.locator('.host-facts').textContent()).toMatch(/^Limadesk \S+ on \S+ · 1 instance · runs /);
    await hosts.screenshot({ path: path.join(ARTIFACTS, 'hosts-screen.png') });
    await hosts.close();
  });

  it("from the dashboard: starts the VM there, opens its console through the SSH connection, and stops it", async () => {
    const started = Date.now();
    // The row's Start, as a user clicks it: the page adds the instance's host to the request.
    await row().getByRole('button', { name: `Start ${VM}`, exact: true }).click();
    await page.locator(`[role="row"][data-instance="${VM}"][data-status="Running"]`).waitFor({ timeout: 180_000 });
    console.log(`remote start from the dashboard: ${Date.now() - started} ms`);
    // The second host's own record: its host agent booted the VM.
    expect(remoteStages(remote, VM)).toEqual(expect.arrayContaining(['qemu-started', 'vnc-ready']));
    // Its status came over the host's event stream, tagged with the host.
    const running = await events.next((e) => e.event === 'instanceStatusChanged' && e.payload.name === VM && e.payload.status === 'Running');
    expect(running.payload).toMatchObject({ host: HOST, instance: { host: HOST } });
    await events.next((e) => e.event === 'bootStage' && e.payload.name === VM && e.payload.host === HOST);

    // Its console in the dashboard: noVNC in Chromium, through the SSH connection's forward.
    await page.getByRole('link', { name: `Console of ${VM}` }).click();
    await expect.poll(() => page.locator('section.console').getAttribute('data-console-state'), { timeout: 60_000 }).toBe('connected');
    await page.screenshot({ path: path.join(ARTIFACTS, 'hosts-remote-console.png') });

    const session = await call('openVncSession', { name: VM, host: HOST });
    expect(session, JSON.stringify(session)).toMatchObject({ ok: true, value: { url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/vnc\/[A-Za-z0-9_-]+$/), password: expect.any(String) } });
    const url = (session.value as { url: string }).url;
    // A page of serve's origin, as noVNC in the dashboard would connect: the remote admits it.
    expect(await rfbGreeting(url, serve!.url.origin)).toBe('RFB 003.008\n');
    // One use: the remote refuses the same URL again.
    await expect(rfbGreeting(url)).rejects.toThrow(/HTTP 401/);
    // A page of another origin is refused by the remote's own check.
    const again = await call('openVncSession', { name: VM, host: HOST });
    await expect(rfbGreeting((again.value as { url: string }).url, 'http://evil.example')).rejects.toThrow(/HTTP 403/);

    // The row's Stop: an ACPI power-off of the booted guest on the other host.
    await waitForSerial(path.join(remote.limaHome, VM, 'serial.log'), 'LIMADESK-GUEST-BOOTED', { timeoutMs: 300_000 });
    await row().getByRole('button', { name: `Stop ${VM}`, exact: true }).click();
    await events.next((e) => e.event === 'instanceStatusChanged' && e.payload.name === VM && e.payload.host === HOST && e.payload.status === 'Stopped', 200_000);
    await page.locator(`[role="row"][data-instance="${VM}"][data-status="Stopped"]`).waitFor({ timeout: 15_000 });
    expect(remoteStages(remote, VM)).toContain('stopping');
  });

  it('through the CLI with --host: lists, starts, consoles, reads logs and ports, opens a shell, stops', async () => {
    events.clear();
    // The page, left on the list, sees the CLI's start as the host reports it.
    const runningRow = page.locator(`[role="row"][data-instance="${VM}"][data-status="Running"]`);
    const listed = await cli('list', '--host', HOST, '--json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: VM, host: HOST, status: 'Stopped' })]);
    expect((await cli('list', '--host', HOST)).stdout).toMatch(new RegExp(`^NAME\\s+STATUS\\s+SSH\\s+ARCH.*\\n${VM}\\s+Stopped\\s+`));

    const start = await cli('start', '--host', HOST, VM);
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toMatch(/ qemu-started\n/);
    expect(start.stdout).toMatch(new RegExp(`READY\\. Instance "${VM}" is running on ${HOST} \\(SSH port \\d+ there\\)\\n`));
    await runningRow.waitFor({ timeout: 15_000 });

    // vnc prints the forwarded URL, then keeps the tunnel until its one connection ends.
    const vnc = spawn(process.execPath, [CLI_PATH, 'vnc', '--host', HOST, VM, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let vncErr = '';
    vnc.stderr.on('data', (d: Buffer) => (vncErr += d.toString()));
    const exited = new Promise<number | null>((resolve) => vnc.once('exit', resolve));
    const first = await new Promise<string>((resolve, reject) => {
      let out = '';
      vnc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      vnc.once('exit', (code) => reject(new Error(`vnc exited with ${code}: ${vncErr}`)));
    });
    const shown = JSON.parse(first) as { url: string; password: string; host: string };
    expect(shown).toMatchObject({ host: HOST, instance: VM, url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/vnc\//), password: expect.any(String) });
    expect(await rfbGreeting(shown.url)).toBe('RFB 003.008\n');
    expect(await exited, vncErr).toBe(0);

    const logs = await cli('logs', '--host', HOST, VM, '--events');
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toContain('"qemu-started"');

    // The guest's SSH comes up after Running; the terminal needs it.
    await waitFor('the guest to answer SSH', 180_000, async () => (remoteStages(remote, VM).includes('ssh-ready') ? true : undefined), 1000);
    const ports = await cli('ports', '--host', HOST, VM, '--json');
    expect(ports.code, ports.stderr).toBe(0);
    expect(JSON.parse(ports.stdout)).toEqual(expect.any(Array));

    // An interactive shell through the host's terminal session, fed from a pipe.
    const shell = spawn(process.execPath, [CLI_PATH, 'shell', '--host', HOST, VM], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    shell.stdout.on('data', (d: Buffer) => (out += d.toString()));
    shell.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const shellExit = new Promise<number | null>((resolve) => shell.once('exit', resolve));
    // busybox's prompt, then its query for the cursor position (no terminal here answers it).
    await waitFor('the guest shell prompt', 60_000, async () => (/\$ $/.test(out.replace('\u001b[6n', '')) ? true : undefined)).catch((e: Error) => {
      throw new Error(`${e.message}; the shell printed ${JSON.stringify(out)} and said ${JSON.stringify(err)}`);
    });
    shell.stdin.write('echo LIMADESK-$((6*7)) $(id -un)\n');
    await waitFor('the command output', 30_000, async () => (out.includes(`LIMADESK-42 ${USER}`) ? true : undefined));
    shell.stdin.write('exit\n');
    expect(await shellExit, err).toBe(0);

    // A command: the host's own `limadesk shell`, over ssh with the host's settings.
    const uname = await cli('shell', '--host', HOST, VM, '--', 'uname', '-s');
    expect(uname.code, uname.stderr).toBe(0);
    expect(uname.stdout).toBe('Linux\n');

    const stop = await cli('stop', '--host', HOST, VM, '--force');
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toContain(`Instance "${VM}" on ${HOST} is Stopped`);
    // serve saw it too, over its own connection's event stream, and so did the page.
    await events.next((e) => e.event === 'instanceStatusChanged' && e.payload.name === VM && e.payload.host === HOST && e.payload.status === 'Stopped' && e.payload.previous === 'Running');
    await page.locator(`[role="row"][data-instance="${VM}"][data-status="Stopped"]`).waitFor({ timeout: 15_000 });
  });
});
