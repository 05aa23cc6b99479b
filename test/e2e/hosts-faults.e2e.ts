import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, ApiEventEnvelope, HostStatus, InstanceSummary } from '../../src-main/common/api';
import { apiCaller, ARTIFACTS, buildParts, launchChromium, createBaseDisk, killLeftovers, localGuestYaml, makeTempDir, makeTempHome, runCli, startServe, tearDown, waitFor, writeInstance, type ApiAnswer, type CliResult, type Serve } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';
import { hostAddArgs, recordEvents, type EventRecorder } from '../support/hosts-kit';
import { remoteServePids, startSshdHost, type SshdHost } from '../support/sshd-host';

// When the other host is not there: a CLI missing on it, a connection that drops (the remote
// serve killed while the host is off the network, then back), and a host key that changed
// (refused, never accepted). The second host is a real sshd on a loopback port; its instance
// never needs to run. The dashboard in Chromium shows each state with its reason.
const VM = 'rvm';
const HOST = 'r1';

const hostEvent = (state: HostStatus['state'], problem?: string) => (e: ApiEventEnvelope): e is { event: 'hostChanged'; payload: ApiEvent<'hostChanged'> } =>
  e.event === 'hostChanged' && e.payload.host.name === HOST && e.payload.host.state === state && (problem === undefined || e.payload.host.problem === problem);

describe('another host that is missing something, drops, or changed its key', () => {
  let remote: SshdHost;
  let home: string;
  let config: string;
  let env: NodeJS.ProcessEnv;
  let serve: Serve | undefined;
  let call: (method: string, params: unknown) => Promise<ApiAnswer>;
  let events: EventRecorder;
  let browser: Browser | undefined;
  let list: Page;
  let hostsPage: Page;
  const badge = () => list.locator(`[role="row"][data-instance="${VM}"] .host-badge[data-host="${HOST}"]`);
  const card = () => hostsPage.locator(`[data-host="${HOST}"]`);
  const cli = (...args: string[]): Promise<CliResult> => runCli(env, args, 120_000);
  const hostsFile = () => path.join(config, 'limadesk', 'hosts.json');
  const listed = async (): Promise<InstanceSummary[]> => (await call('listInstances', {})).value as InstanceSummary[];
  const killRemoteServe = (): number[] => {
    const pids = remoteServePids(remote.limaHome);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    return pids;
  };

  beforeAll(async () => {
    buildParts('cli', 'renderer');
    const guest = await ensureTestGuest();
    remote = await startSshdHost();
    writeInstance(remote.limaHome, VM, localGuestYaml(guest, createBaseDisk(remote.limaHome), { display: 'none' }));
    home = makeTempHome('ld-hf-');
    config = makeTempDir('ld-hfc-');
    env = { ...process.env, LIMA_HOME: home, XDG_CONFIG_HOME: config };
  });

  afterAll(async () => {
    events?.close();
    await tearDown({ browser, serve, home, dirs: [config] });
    await remote?.stop();
    killLeftovers(remote.dir);
    await tearDown({ home: remote.dir });
  });

  it('refuses to add a host whose CLI is missing, saying so, and saves nothing', async () => {
    const r = await cli(...hostAddArgs('nocli', remote), '--remote-command', '/nonexistent/limadesk');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('limadesk host: cannot add host "nocli": "/nonexistent/limadesk" was not found on "ld-remote"');
    expect(r.stderr).toContain('install Limadesk');
    expect(r.stderr).toContain('nothing was saved');
    expect((await cli('host', 'list', '--json')).stdout).toBe('[]\n');
  });

  it('adds the host, and serve shows it connected with its instance', async () => {
    const added = await cli(...hostAddArgs(HOST, remote));
    expect(added.code, added.stderr).toBe(0);
    serve = await startServe(home, { XDG_CONFIG_HOME: config });
    call = apiCaller(serve.url);
    events = await recordEvents(serve.url);
    await waitFor('the host to connect', 30_000, async () => ((await call('listHosts', {})).value as { hosts: HostStatus[] }).hosts.find((h) => h.state === 'connected'));
    expect(await listed()).toEqual([expect.objectContaining({ name: VM, host: HOST, status: 'Stopped' })]);
    browser = await launchChromium();
    list = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await list.goto(serve.url.href);
    await badge().waitFor({ timeout: 15_000 });
    hostsPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await hostsPage.goto(`${serve.url.href}#/hosts`);
    await expect.poll(() => card().getAttribute('data-host-state'), { timeout: 15_000 }).toBe('connected');
  });

  it('a dropped connection shows the host unreachable with why, keeps its instance listed as unreachable, and comes back', async () => {
    events.clear();
    // Off the network: no new connection gets through, and the open one dies.
    await remote.pause();
    expect(killRemoteServe().length).toBe(1);

    const dropped = await events.next(hostEvent('unreachable', 'dropped'));
    expect(dropped.payload.host.reason).toMatch(/^the connection dropped \(ssh exit status \d+/);
    expect(dropped.payload.host.retryAt).toBeGreaterThan(0);
    const marked = await events.next((e) => e.event === 'instanceStatusChanged' && e.payload.host === HOST && e.payload.instance?.unreachable !== undefined);
    expect(marked.payload).toMatchObject({ name: VM, status: 'Stopped', instance: { name: VM, host: HOST, unreachable: dropped.payload.host.reason } });

    // The next attempt finds nobody listening: still unreachable, now for that reason.
    const refused = await events.next(hostEvent('unreachable', 'network'));
    expect(refused.payload.host.reason).toMatch(/cannot reach "ld-remote": ssh: connect to host 127\.0\.0\.1 port \d+: Connection refused/);
    expect(await listed()).toEqual([expect.objectContaining({ name: VM, host: HOST, status: 'Stopped', unreachable: expect.stringContaining('Connection refused') })]);
    const hosts = ((await call('listHosts', {})).value as { hosts: HostStatus[] }).hosts;
    // Unreachable, or already trying again (the back-off is short), with the same reason.
    expect(hosts).toEqual([expect.objectContaining({ name: HOST, state: expect.stringMatching(/^(unreachable|connecting)$/), problem: 'network' })]);
    // Requests for its instances are answered at once, with why.
    expect(await call('startInstance', { name: VM, host: HOST })).toMatchObject({ ok: false, code: 'unreachable', message: expect.stringContaining('Connection refused') });
    const viaCli = await cli('list', '--host', HOST);
    expect(viaCli.code).toBe(1);
    expect(viaCli.stderr).toMatch(/^limadesk list: cannot reach host "r1": cannot reach "ld-remote": ssh: connect to host 127\.0\.0\.1 port \d+: Connection refused/);
    // The dashboard: the row still there, marked, with why; the Hosts screen says why too.
    await expect.poll(() => badge().getAttribute('data-unreachable'), { timeout: 15_000 }).toBe('');
    expect(await badge().textContent()).toBe(`${HOST} · unreachable`);
    expect(await badge().getAttribute('title')).toMatch(/^r1 is unreachable: cannot reach "ld-remote": .*Connection refused/);
    await expect.poll(() => card().locator('.host-reason').textContent(), { timeout: 15_000 }).toMatch(/Connection refused/);
    expect(await card().locator('.host-reason').getAttribute('data-problem')).toBe('network');
    await hostsPage.screenshot({ path: path.join(ARTIFACTS, 'hosts-unreachable.png') });

    // Back on the network: the back-off brings it back by itself, its instance no longer marked.
    await remote.resume();
    await events.next(hostEvent('connected'), 90_000);
    await events.next((e) => e.event === 'instanceStatusChanged' && e.payload.host === HOST && e.payload.instance !== null && e.payload.instance.unreachable === undefined);
    expect(await listed()).toEqual([expect.not.objectContaining({ unreachable: expect.anything() })]);
    expect(await listed()).toEqual([expect.objectContaining({ name: VM, host: HOST })]);
    await expect.poll(() => badge().getAttribute('data-unreachable'), { timeout: 15_000 }).toBeNull();
    await expect.poll(() => card().getAttribute('data-host-state'), { timeout: 15_000 }).toBe('connected');
  });

  it('a changed host key is refused on reconnection, by the CLI, and even when adding the host again', async () => {
    const knownBefore = readFileSync(remote.knownHosts, 'utf8');
    const loginsBefore = (remote.log().match(/Accepted publickey/g) ?? []).length;
    events.clear();
    await remote.changeHostKey();
    expect(killRemoteServe().length).toBe(1);

    const refused = await events.next(hostEvent('unreachable', 'host-key-changed'));
    expect(refused.payload.host.reason).toMatch(/^the host key of "ld-remote" has changed since it was recorded in known_hosts: refused \(this could be an attack\)/);
    expect(refused.payload.host.reason).toContain(`ssh-keygen -f "${remote.knownHosts}" -R`);
    expect(await listed()).toEqual([expect.objectContaining({ name: VM, host: HOST, unreachable: refused.payload.host.reason })]);
    await expect.poll(() => card().locator('.host-reason').getAttribute('data-problem'), { timeout: 15_000 }).toBe('host-key-changed');
    expect(await card().locator('.host-reason').textContent()).toContain('has changed since it was recorded in known_hosts: refused');
    await expect.poll(() => badge().getAttribute('title'), { timeout: 15_000 }).toContain('has changed');
    // Asking to reconnect now changes nothing.
    const again = await call('reconnectHost', { name: HOST });
    expect(again).toMatchObject({ ok: true, value: { host: { state: 'unreachable', problem: 'host-key-changed' } } });

    const viaCli = await cli('list', '--host', HOST);
    expect(viaCli.code).toBe(1);
    expect(viaCli.stderr).toContain('limadesk list: cannot reach host "r1": the host key of "ld-remote" has changed');
    const readd = await cli(...hostAddArgs('r2', remote));
    expect(readd.code).toBe(1);
    expect(readd.stderr).toContain('cannot add host "r2": the host key of "ld-remote" has changed');

    // known_hosts keeps the old key, and the host never saw a login with the new one.
    expect(readFileSync(remote.knownHosts, 'utf8')).toBe(knownBefore);
    expect((remote.log().match(/Accepted publickey/g) ?? []).length).toBe(loginsBefore);
    expect(JSON.parse(readFileSync(hostsFile(), 'utf8'))).toMatchObject({ hosts: [{ name: HOST }] });
  });

  it('a host removed with the CLI leaves the running serve, its instances with it', async () => {
    events.clear();
    expect((await cli('host', 'remove', HOST)).code).toBe(0);
    await events.next((e) => e.event === 'hostChanged' && e.payload.removed === true && e.payload.host.name === HOST);
    await events.next((e) => e.event === 'instanceStatusChanged' && e.payload.host === HOST && e.payload.status === 'Deleted');
    expect(await listed()).toEqual([]);
    expect(((await call('listHosts', {})).value as { hosts: HostStatus[] }).hosts).toEqual([]);
    await list.locator(`[role="row"][data-instance="${VM}"]`).waitFor({ state: 'detached', timeout: 15_000 });
    await card().waitFor({ state: 'detached', timeout: 15_000 });
  });
});
