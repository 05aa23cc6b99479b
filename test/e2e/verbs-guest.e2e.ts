import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { InstanceUsage } from '../../src-main/common/api';
import { apiCaller, buildParts, createBaseDisk, localGuestYaml, makeTempHome, runCli, startServe, tearDown, waitFor, type ApiAnswer, type CliResult, type Serve } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';

// What users do to a running guest: attach a disk, copy files, watch what it uses. The built
// CLI and `limadesk serve` against real QEMU (TCG) and the test guest's OpenSSH sshd.
let home: string;
let serve: Serve | undefined;
let work: string;
const cli = (...args: string[]): Promise<CliResult> => runCli({ ...process.env, LIMA_HOME: home }, args, 300_000);

async function cliOk(...args: string[]): Promise<CliResult> {
  const r = await cli(...args);
  if (r.code !== 0) throw new Error(`limadesk ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

async function guestSh(name: string, script: string): Promise<string> {
  return (await cliOk('shell', name, '--', 'sh', '-c', script)).stdout;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The guest's virtio block devices, from sysfs. */
async function virtioDisks(name: string): Promise<string[]> {
  return (await guestSh(name, 'ls /sys/block')).split(/\s+/).filter((d) => /^vd[a-z]+$/.test(d)).sort();
}

async function createFrom(name: string, yaml: string): Promise<void> {
  const file = path.join(work, `${name}.yaml`);
  writeFileSync(file, yaml);
  await cliOk('create', '--name', name, file);
}

beforeAll(async () => {
  buildParts('cli', 'renderer');
  const guest = await ensureTestGuest();
  home = makeTempHome('ld-vg-');
  work = path.join(home, 'work');
  mkdirSync(work);
  const base = createBaseDisk(home);
  const yaml = (extra: string[] = []) =>
    localGuestYaml(guest, base, {
      extraCmdline: 'limadesk.ssh=1',
      memory: '192MiB',
      display: 'none',
      header: ['A test VM, with comments that edits must keep'],
      lineComments: { cpus: 'one vCPU is enough', memory: 'small on purpose' },
      extraLines: ['user:', '  name: tester', '  uid: 4242', ...extra],
    });
  await createFrom('vm', yaml());
  await createFrom('other', yaml(['additionalDisks:', '- data']));
});

afterAll(() => tearDown({ serve, home, instances: ['vm', 'other'] }));

describe('disks', () => {
  it('refuses a size of -1 or "lots", saying so, and makes nothing', async () => {
    for (const size of ['-1', 'lots']) {
      const r = await cli('disk', 'create', 'bad', '--size', size);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`invalid disk size "${size}": expected a number with a unit, such as 10GiB`);
    }
    expect(existsSync(path.join(home, '_disks', 'bad'))).toBe(false);
  });

  it('disk create + additionalDisks: the guest sees one more virtio disk', async () => {
    await cliOk('start', 'vm', '--wait', 'ssh', '--timeout', '5m');
    const before = await virtioDisks('vm');
    await cliOk('stop', 'vm');
    await cliOk('disk', 'create', 'data', '--size', '64MiB');
    await cliOk('edit', 'vm', '--set', '.additionalDisks += [{"name": "data"}]');
    await cliOk('start', 'vm', '--wait', 'ssh', '--timeout', '5m');
    const after = await virtioDisks('vm');
    expect(after.length).toBe(before.length + 1);
    // 64 MiB = 131072 sectors of 512 bytes, as the guest's kernel sees the new disk.
    const added = after.find((d) => !before.includes(d))!;
    expect((await guestSh('vm', `cat /sys/block/${added}/size`)).trim()).toBe('131072');
    const listed = JSON.parse((await cliOk('disk', 'ls', '--json', 'data')).stdout) as { instance: string; referencedBy: string[] };
    expect(listed).toMatchObject({ instance: 'vm', referencedBy: ['other', 'vm'] });
  });

  it('refuses the disk to a second instance while the first runs, naming it; nothing is left half-started', async () => {
    const r = await cli('start', 'other');
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain('additional disk "data" is in use by instance "vm"');
    const dir = path.join(home, 'other');
    expect(['ha.pid', 'qemu.pid', 'ha.sock'].filter((f) => existsSync(path.join(dir, f)))).toEqual([]);
    expect(JSON.parse((await cliOk('list', '--json', 'other')).stdout)[0].status).toBe('Stopped');
  });

  it('refuses to delete a disk in use, naming the instance, and keeps it', async () => {
    const r = await cli('disk', 'delete', 'data');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot delete disk `data` in use by running instance `vm`; stop it first');
    expect(readdirSync(path.join(home, '_disks', 'data'))).toEqual(['datadisk', 'in_use_by']);
  });
});

describe('copy', () => {
  it('copies a file into the guest and back with the same bytes', async () => {
    const original = path.join(work, 'payload.bin');
    writeFileSync(original, randomBytes(6 * 1024 * 1024));
    await cliOk('copy', original, 'vm:/tmp/payload.bin');
    expect((await guestSh('vm', 'sha256sum /tmp/payload.bin')).split(' ')[0]).toBe(sha256(original));
    const back = path.join(work, 'back.bin');
    await cliOk('cp', 'vm:/tmp/payload.bin', back);
    expect(sha256(back)).toBe(sha256(original));
  });

  it('copies directories with -r, relative to the guest user\'s home', async () => {
    const dir = path.join(work, 'tree');
    mkdirSync(path.join(dir, 'sub'), { recursive: true });
    writeFileSync(path.join(dir, 'a.txt'), 'alpha\n');
    writeFileSync(path.join(dir, 'sub', 'b.txt'), 'beta\n');
    expect((await cli('copy', dir, 'vm:tree')).stderr).toContain('is a directory (copy directories with -r)');
    await cliOk('copy', '-r', dir, 'vm:tree');
    expect(await guestSh('vm', 'cat ~/tree/a.txt ~/tree/sub/b.txt')).toBe('alpha\nbeta\n');
    await cliOk('copy', '-r', 'vm:tree', path.join(work, 'tree-back'));
    expect(readFileSync(path.join(work, 'tree-back', 'sub', 'b.txt'), 'utf8')).toBe('beta\n');
  });

  it('refuses a copy to a stopped instance, saying it is not running', async () => {
    const r = await cli('copy', path.join(work, 'payload.bin'), 'other:/tmp/x');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('instance "other" is not running (status Stopped)');
    const missing = await cli('copy', 'vm:/nonexistent/file', path.join(work, 'nothing'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('vm:/nonexistent/file: no such file or directory');
    expect(existsSync(path.join(work, 'nothing'))).toBe(false);
  });
});

describe('edit', () => {
  it("edit --set '.cpus = 2' changes lima.yaml and keeps its comments", async () => {
    const file = path.join(home, 'other', 'lima.yaml');
    const before = readFileSync(file, 'utf8');
    await cliOk('edit', 'other', '--set', '.cpus = 2');
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(before.replace('cpus: 1 # one vCPU is enough', 'cpus: 2 # one vCPU is enough'));
    expect(after).toContain('# A test VM, with comments that edits must keep');
    expect(JSON.parse((await cliOk('list', '--json', 'other')).stdout)[0].cpus).toBe(2);
    const bad = await cli('edit', 'other', '--set', '.memory = "lots"');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/memory/);
    expect(readFileSync(file, 'utf8')).toBe(after);
  });

  it('edits a running instance and says that a restart applies it', async () => {
    const r = await cliOk('edit', 'vm', '--memory', '0.25');
    expect(r.stderr).toContain('The change applies at the next start: `limadesk restart vm`');
    expect(readFileSync(path.join(home, 'vm', 'lima.yaml'), 'utf8')).toContain('memory: 0.25GiB # small on purpose');
    await cliOk('edit', 'vm', '--memory', '0.1875');
  });
});

describe('usage', () => {
  const top = async (samples: number): Promise<InstanceUsage[]> =>
    (await cliOk('top', 'vm', '--json', '--count', String(samples), '--interval', '2s')).stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as InstanceUsage[])[0]!);

  it('an idle 1-vCPU guest reads below 10 % CPU', async () => {
    const samples = (await top(5)).filter((s) => s.cpu);
    expect(samples.length).toBe(4);
    const sorted = samples.map((s) => s.cpu!.percentOfVcpus).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)], `CPU % of the vCPU, sorted: ${sorted.join(', ')}`).toBeLessThan(10);
    const last = samples.at(-1)!;
    expect(last.cpu).toMatchObject({ vcpus: 1 });
    expect(last.memory.hostRssBytes).toBeGreaterThan(32 * 1024 * 1024);
    expect(last.disk.virtualBytes).toBe(1024 ** 3);
    expect(last.disk.onDiskBytes).toBeGreaterThan(0);
    // QEMU's counters came through the host agent (ha.sock), the guest's over SSH.
    expect(last.disk.readBytesPerSec).toBeGreaterThanOrEqual(0);
    expect(last.memory.guest?.totalBytes).toBeGreaterThan(100 * 1024 * 1024);
    expect(last.network?.rxBytesPerSec).toBeGreaterThanOrEqual(0);
  });

  it('a busy loop in the guest drives the CPU figure above 50 %', async () => {
    const pid = (await guestSh('vm', 'setsid sh -c "while :; do :; done" </dev/null >/dev/null 2>&1 & echo $!')).trim();
    try {
      const busiest = Math.max(...(await top(5)).filter((s) => s.cpu).map((s) => s.cpu!.percentOfVcpus));
      expect(busiest).toBeGreaterThan(50);
    } finally {
      await guestSh('vm', `kill ${pid}`);
    }
  });

  it('the API samples only while watched, pushing usageSampled to the watcher\'s socket', async () => {
    serve = await startServe(home);
    const call = apiCaller(serve.url);
    expect(await call('getUsage', {})).toEqual({ ok: true, value: { samples: [] } });
    // The page's side: a WebSocket that asks for usage and receives the pushed samples.
    const ws = new WebSocket(`ws://${serve.url.host}/api/ws?token=${serve.url.searchParams.get('token') ?? ''}`);
    const pushed: InstanceUsage[] = [];
    const replies: Array<{ id: unknown; result: ApiAnswer }> = [];
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: unknown; result?: ApiAnswer; events?: Array<{ event: string; payload: { samples?: InstanceUsage[] } }> };
      if (message.result) replies.push({ id: message.id, result: message.result });
      for (const e of message.events ?? []) if (e.event === 'usageSampled') pushed.push(...(e.payload.samples ?? []));
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    try {
      ws.send(JSON.stringify({ id: 1, method: 'watchUsage', params: { watcher: 'e2e-page', names: ['vm'] } }));
      const watched = await waitFor('the watchUsage reply', 10_000, async () => replies.find((r) => r.id === 1));
      expect(watched.result).toMatchObject({ ok: true, value: { intervalMs: 2000, leaseMs: 15_000 } });
      const sample = await waitFor('a pushed sample with CPU', 30_000, async () => pushed.find((s) => s.cpu), 200);
      expect(sample).toMatchObject({ name: 'vm', cpu: { vcpus: 1 }, disk: { virtualBytes: 1024 ** 3 } });
      const latest = (await call('getUsage', { name: 'vm', history: true })) as { value: { samples: InstanceUsage[]; history: InstanceUsage[] } };
      expect(latest.value.samples[0]?.name).toBe('vm');
      expect(latest.value.history.length).toBeGreaterThanOrEqual(2);
      ws.send(JSON.stringify({ id: 2, method: 'unwatchUsage', params: { watcher: 'e2e-page' } }));
      expect((await waitFor('the unwatchUsage reply', 10_000, async () => replies.find((r) => r.id === 2))).result).toEqual({ ok: true, value: {} });
    } finally {
      ws.close();
    }
  });
});

describe('tunnel, and the verbs through the API', () => {
  it('opens a SOCKS proxy into the guest network', async () => {
    const r = await cliOk('tunnel', 'vm');
    const port = Number(/socks5h:\/\/127\.0\.0\.1:(\d+)/.exec(r.stdout)?.[1]);
    expect(r.stdout).toContain('The instance can be connected from the host as <http://lima-vm.internal> via a web browser.');
    // SOCKS5: no authentication, then CONNECT 127.0.0.1:22 inside the guest; its sshd greets.
    const banner = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      let stage = 0;
      let data = Buffer.alloc(0);
      socket.setTimeout(20_000, () => socket.destroy(new Error('SOCKS handshake timed out')));
      socket.on('error', reject);
      socket.on('connect', () => socket.write(Buffer.from([5, 1, 0])));
      socket.on('data', (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        if (stage === 0 && data.length >= 2) {
          stage = 1;
          data = data.subarray(2);
          socket.write(Buffer.from([5, 1, 0, 1, 127, 0, 0, 1, 0, 22]));
        } else if (stage === 1 && data.length >= 10) {
          if (data[1] !== 0) return reject(new Error(`SOCKS CONNECT refused: ${data[1]}`));
          stage = 2;
          data = data.subarray(10);
        }
        if (stage === 2 && data.includes(10)) {
          socket.destroy();
          resolve(data.toString('latin1'));
        }
      });
    });
    expect(banner).toMatch(/^SSH-2\.0-OpenSSH/);
  });

  it('protect refuses the API\'s delete and factory reset with the reason; a dry run lists what a reset removes', async () => {
    const call = apiCaller(serve!.url);
    expect(await call('setProtected', { name: 'other', protected: true })).toMatchObject({ ok: true, value: { changed: true, instance: { protected: true } } });
    expect(await call('deleteInstance', { name: 'other', confirmed: true })).toMatchObject({ ok: false, code: 'wrong-state', message: expect.stringContaining('is protected') });
    expect(await call('factoryResetInstance', { name: 'other', confirmed: true })).toMatchObject({ ok: false, code: 'wrong-state', message: expect.stringContaining('protected') });
    await call('setProtected', { name: 'other', protected: false });
    const plan = (await call('factoryResetInstance', { name: 'vm', dryRun: true })) as { ok: boolean; value: { removed: Array<{ name: string; bytes: number }> } };
    expect(plan.value.removed.map((e) => e.name)).toEqual(expect.arrayContaining(['disk', 'cidata.iso', 'ha.pid']));
    expect(existsSync(path.join(home, 'vm', 'disk'))).toBe(true);
    expect(await call('createDisk', { name: 'more', size: 'lots' })).toMatchObject({ ok: false, code: 'invalid-request', message: expect.stringContaining('invalid disk size "lots"') });
    expect(await call('attachDisk', { name: 'other', disk: 'data' })).toMatchObject({ ok: false, code: 'wrong-state', message: 'disk `data` is in use by instance `vm`; stop or detach it there first' });
  });
});
