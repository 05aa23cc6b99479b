import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPortForwards } from '../../src-main/core/hostagent/port-forward/client';
import type { PortForwardEntry, PortForwardEvent } from '../../src-main/core/hostagent/port-forward/types';
import { agentCommandForThisProcess } from '../../src-main/core/api/local-host';
import { createApiService } from '../../src-main/core/api/service';
import { buildParts, CLI_PATH, createBaseDisk, localGuestYaml, makeTempHome, runCli, tearDown, waitFor, writeInstance, type CliResult } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';

// Port forwarding as Lima does it, end to end: the built CLI starts the instance, the real
// host agent forwards over its SSH connection to the test guest's OpenSSH sshd, and the guest's
// listeners are real programs (busybox httpd, OpenBSD netcat) started over `limadesk shell`.
// Host ports are picked free at start so that other programs on this machine cannot collide
// with the test; guest ports are the guest's own.
const NAME = 'pf';
const USER = 'tester';
const GUEST_SOCKET = '/tmp/limadesk-app.sock';
const GUEST_REVERSE_SOCKET = '/tmp/limadesk-rev.sock';

let home: string;
let dir: string;
let env: NodeJS.ProcessEnv;
/** Host ports: default-rule listener, the rule-moved one, ignored, taken, and a second default one. */
let P: number, MOVED: number, IGNORED: number, TAKEN: number, OTHER: number;
let takenServer: net.Server;
/** The guest pid of the httpd behind P. */
let defaultHttpd: number;
let reverseServer: net.Server;

const cli = (...args: string[]): Promise<CliResult> => runCli(env, args, 120_000);

/** Runs a shell script in the guest as the Lima user; returns its stdout. */
async function guestSh(script: string): Promise<string> {
  const r = await cli('shell', NAME, '--', 'sh', '-c', script);
  if (r.code !== 0) throw new Error(`guest script failed (${r.code}): ${script}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Starts busybox httpd in the guest on `address` serving `body`; returns its pid. */
async function guestHttpd(address: string, body: string): Promise<number> {
  const root = `/tmp/www-${address.replace(/[^0-9]/g, '-')}`;
  const out = await guestSh(`mkdir -p ${root} && echo ${body} > ${root}/index.html && { httpd -f -p ${address} -h ${root} </dev/null >/dev/null 2>&1 & echo $!; }`);
  return Number(out.trim());
}

/** An HTTP/1.0 GET of / on the host; the body, or the connect error's code. */
function httpGet(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let data = '';
    socket.setTimeout(15_000, () => socket.destroy(new Error('timed out')));
    socket.on('connect', () => socket.write('GET / HTTP/1.0\r\nHost: localhost\r\n\r\n'));
    socket.on('data', (d) => (data += d.toString()));
    socket.on('end', () => resolve(data.split('\r\n\r\n').slice(1).join('\r\n\r\n').trim()));
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  return port;
}

/** The host agent's log messages (ha.stderr.log holds one logrus-style JSON object per line). */
function agentLog(): Array<{ level: string; msg: string; error?: string }> {
  return readFileSync(path.join(dir, 'ha.stderr.log'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: string; msg: string; error?: string });
}

function portForwardEvents(): PortForwardEvent[] {
  return readFileSync(path.join(dir, 'ha.stdout.log'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { status: { portForward?: PortForwardEvent } }).status.portForward)
    .filter((e): e is PortForwardEvent => e !== undefined);
}

const forwards = (): Promise<PortForwardEntry[]> => readPortForwards(path.join(dir, 'ha.sock'));

async function forwardOf(guestAddr: string, state?: PortForwardEntry['state']): Promise<PortForwardEntry> {
  return waitFor(`a ${state ?? ''} forward of ${guestAddr}`, 60_000, async () =>
    (await forwards()).find((f) => f.guestAddr === guestAddr && (!state || f.state === state)),
  );
}

const answers = (port: number, body: string): Promise<true> =>
  waitFor(`host port ${port} to answer ${body}`, 60_000, async () => ((await httpGet(port)) === body ? true : undefined), 500);

/** Connects to a host unix socket, sends `text`, half-closes, and returns all it reads back. */
function talkUnix(socketPath: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ path: socketPath, allowHalfOpen: true });
    let data = '';
    socket.setTimeout(15_000, () => socket.destroy(new Error('timed out')));
    socket.on('data', (d) => {
      data += d.toString();
      // The guest speaks first; answer once its greeting is in, then let it close.
      if (data.includes('guest-says-hi')) socket.end(text);
    });
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  buildParts('cli');
  const guest = await ensureTestGuest();
  home = makeTempHome('ld-pf-');
  env = { ...process.env, LIMA_HOME: home };
  [P, MOVED, IGNORED, TAKEN, OTHER] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  // A program of the host's own holds TAKEN: the forward that wants it must fail, without harm to it.
  takenServer = net.createServer((s) => s.end('HTTP/1.0 200 OK\r\n\r\nthe host program\n'));
  await new Promise<void>((r) => takenServer.listen(TAKEN, '127.0.0.1', r));
  // The host end of the reverse forward: answers what the guest sends.
  reverseServer = net.createServer((s) => s.once('data', (d) => s.end(`host-answers:${d.toString()}`)));
  await new Promise<void>((r) => reverseServer.listen(path.join(home, 'rev.sock'), r));

  const yaml = localGuestYaml(guest, createBaseDisk(home), {
    extraCmdline: 'limadesk.ssh=1',
    memory: '192MiB',
    display: 'none',
    extraLines: [
      'user:',
      `  name: ${USER}`,
      '  uid: 4242',
      'portForwards:',
      '- guestPort: 8080',
      `  hostPort: ${MOVED}`,
      `- guestPort: ${IGNORED}`,
      '  ignore: true',
      '- guestPort: 8081',
      `  hostPort: ${TAKEN}`,
      `- guestSocket: ${GUEST_SOCKET}`,
      '  hostSocket: app.sock',
      `- guestSocket: ${GUEST_REVERSE_SOCKET}`,
      `  hostSocket: ${path.join(home, 'rev.sock')}`,
      '  reverse: true',
    ],
  }).replace('\nplain: true\n', '\nplain: false\n');
  expect(yaml).toContain('\nplain: false\n');
  dir = writeInstance(home, NAME, yaml);
  const started = await cli('start', NAME, '--wait', 'ssh', '--timeout', '5m');
  expect(started.code, `${started.stdout}\n${started.stderr}`).toBe(0);
});

afterAll(async () => {
  await tearDown({ home, instances: [NAME] });
  takenServer?.close();
  reverseServer?.close();
});

describe('port forwarding over the host agent\'s SSH connection', () => {
  it('never forwards the guest\'s SSH port, and says so as Lima does', async () => {
    await forwardOf('0.0.0.0:22', 'not-forwarding');
    expect(agentLog().map((l) => l.msg)).toContain('Not forwarding TCP 0.0.0.0:22');
    expect(portForwardEvents()).toContainEqual({ type: 'not-forwarding', protocol: 'tcp', guestAddr: '0.0.0.0:22' });
  });

  it('makes a guest listener on 127.0.0.1 reachable on host 127.0.0.1, same port (the default rule)', async () => {
    defaultHttpd = await guestHttpd(`127.0.0.1:${P}`, 'default-rule');
    await answers(P, 'default-rule');
    const addr = `127.0.0.1:${P}`;
    expect(agentLog().map((l) => l.msg)).toContain(`Forwarding TCP from ${addr} to ${addr}`);
    expect(portForwardEvents()).toContainEqual({ type: 'forwarding', protocol: 'tcp', guestAddr: addr, hostAddr: addr });
    expect(await forwardOf(addr)).toEqual({ protocol: 'tcp', guestAddr: addr, hostAddr: addr, state: 'forwarding' });
  });

  it('moves guest port 8080 to the host port a portForwards rule names', async () => {
    await guestHttpd('127.0.0.1:8080', 'moved-by-rule');
    await answers(MOVED, 'moved-by-rule');
    expect(await forwardOf('127.0.0.1:8080')).toMatchObject({ hostAddr: `127.0.0.1:${MOVED}`, state: 'forwarding' });
  });

  it('leaves a port an ignore rule names unforwarded', async () => {
    await guestHttpd(`127.0.0.1:${IGNORED}`, 'ignored');
    expect(await forwardOf(`127.0.0.1:${IGNORED}`, 'not-forwarding')).toEqual({ protocol: 'tcp', guestAddr: `127.0.0.1:${IGNORED}`, state: 'not-forwarding' });
    expect(agentLog().map((l) => l.msg)).toContain(`Not forwarding TCP 127.0.0.1:${IGNORED}`);
    expect(await httpGet(IGNORED)).toBe('ECONNREFUSED');
  });

  it('reports a host port that is taken, and the other forwards keep working', async () => {
    await guestHttpd('127.0.0.1:8081', 'wants-a-taken-port');
    await guestHttpd(`0.0.0.0:${OTHER}`, 'still-working');
    const failed = await forwardOf('127.0.0.1:8081', 'failed');
    const error = `listen tcp 127.0.0.1:${TAKEN}: bind: address already in use`;
    expect(failed).toEqual({ protocol: 'tcp', guestAddr: '127.0.0.1:8081', hostAddr: `127.0.0.1:${TAKEN}`, state: 'failed', error });
    expect(portForwardEvents()).toContainEqual({ type: 'failed', protocol: 'tcp', guestAddr: '127.0.0.1:8081', hostAddr: `127.0.0.1:${TAKEN}`, error });
    expect(agentLog()).toContainEqual(expect.objectContaining({ level: 'warning', msg: `failed to listen tcp: 127.0.0.1:${TAKEN}`, error }));
    // The wildcard listener goes to host 127.0.0.1 only, and answers; the host program keeps its port.
    await answers(OTHER, 'still-working');
    expect(await forwardOf(`0.0.0.0:${OTHER}`)).toMatchObject({ hostAddr: `127.0.0.1:${OTHER}`, state: 'forwarding' });
    expect(await httpGet(TAKEN)).toBe('the host program');
    expect(await httpGet(P)).toBe('default-rule');
  });

  it('carries bytes both ways between a guest unix socket and its host socket', async () => {
    const hostSocket = path.join(dir, 'sock', 'app.sock');
    expect(await forwardOf(GUEST_SOCKET)).toEqual({ protocol: 'unix', guestAddr: GUEST_SOCKET, hostAddr: hostSocket, state: 'forwarding' });
    await guestSh(`rm -f ${GUEST_SOCKET} /tmp/app.out; { printf guest-says-hi | nc.openbsd -lU ${GUEST_SOCKET} >/tmp/app.out 2>&1 & } ; true`);
    await waitFor('the guest socket', 30_000, async () => ((await cli('shell', NAME, '--', 'test', '-S', GUEST_SOCKET)).code === 0 ? true : undefined), 500);
    expect(await talkUnix(hostSocket, 'host-says-hi')).toBe('guest-says-hi');
    await waitFor('the guest to have read the host\'s bytes', 30_000, async () => ((await guestSh('cat /tmp/app.out')) === 'host-says-hi' ? true : undefined), 500);
    expect(agentLog().map((l) => l.msg)).toContain(`Forwarding \`${GUEST_SOCKET}\` (guest) to \`${hostSocket}\` (host)`);
  });

  it('serves a host socket inside the guest with reverse: true', async () => {
    const hostSocket = path.join(home, 'rev.sock');
    expect(await forwardOf(GUEST_REVERSE_SOCKET)).toMatchObject({ protocol: 'unix', hostAddr: hostSocket, state: 'forwarding', reverse: true });
    expect(await guestSh(`printf from-guest | nc.openbsd -U ${GUEST_REVERSE_SOCKET}`)).toBe('host-answers:from-guest');
    expect(agentLog().map((l) => l.msg)).toContain(`Forwarding \`${hostSocket}\` (host) to \`${GUEST_REVERSE_SOCKET}\` (guest)`);
  });

  it('ends a forward when its guest listener closes', async () => {
    expect(defaultHttpd).toBeGreaterThan(1);
    await guestSh(`kill ${defaultHttpd}`);
    const addr = `127.0.0.1:${P}`;
    await waitFor(`the forward of ${addr} to go`, 60_000, async () => ((await forwards()).some((f) => f.guestAddr === addr) ? undefined : true));
    expect(await httpGet(P)).toBe('ECONNREFUSED');
    expect(agentLog().map((l) => l.msg)).toContain(`Stopping forwarding TCP from ${addr} to ${addr}`);
    expect(portForwardEvents()).toContainEqual({ type: 'stopping', protocol: 'tcp', guestAddr: addr, hostAddr: addr });
    // The others are still there.
    expect(await httpGet(MOVED)).toBe('moved-by-rule');
  });

  it('lists the forwards through `limadesk ports` and the API, as the host agent reports them', async () => {
    const moved = await forwardOf('127.0.0.1:8080', 'forwarding');
    const json = await cli('ports', NAME, '--json');
    expect(json.code, json.stderr).toBe(0);
    const listed = JSON.parse(json.stdout) as PortForwardEntry[];
    expect(listed).toContainEqual(moved);
    expect(listed).toContainEqual(expect.objectContaining({ guestAddr: '127.0.0.1:8081', state: 'failed' }));
    const text = await cli('ports', NAME);
    expect(text.stdout.split('\n')[0]).toMatch(/^PROTO\s+GUEST\s+HOST\s+STATE$/);
    expect(text.stdout).toMatch(new RegExp(`tcp\\s+127\\.0\\.0\\.1:8080\\s+127\\.0\\.0\\.1:${MOVED}\\s+forwarding`));
    expect(text.stdout).toContain(`failed: listen tcp 127.0.0.1:${TAKEN}: bind: address already in use`);
    const service = await createApiService({ limaHome: home, agent: agentCommandForThisProcess(CLI_PATH, env), env });
    try {
      const answer = await service.dispatch('listPortForwards', { name: NAME });
      expect(answer).toMatchObject({ ok: true });
      expect((answer as { value: { forwards: PortForwardEntry[] } }).value.forwards).toContainEqual(moved);
    } finally {
      await service.close();
    }
  });

  it('ends every forward with the instance', async () => {
    const stopped = await cli('stop', NAME);
    expect(stopped.code, stopped.stderr).toBe(0);
    for (const port of [MOVED, OTHER]) expect(await httpGet(port)).toBe('ECONNREFUSED');
    expect(existsSync(path.join(dir, 'sock', 'app.sock'))).toBe(false);
    expect(await httpGet(TAKEN)).toBe('the host program');
    // A stopped instance has no forwards to list; the CLI says why.
    const ports = await cli('ports', NAME);
    expect(ports.code).toBe(1);
    expect(ports.stderr).toContain(`instance "${NAME}" is Stopped`);
  });
});
