import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildParts, createBaseDisk, localGuestYaml, makeTempHome, runCli, tearDown, type CliResult } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';

// Clone, factory reset and protect, as users run them: the built CLI against real QEMU (TCG)
// and the test guest, in a throwaway LIMA_HOME.
let home: string;
const cli = (...args: string[]): Promise<CliResult> => runCli({ ...process.env, LIMA_HOME: home }, args);

async function cliOk(...args: string[]): Promise<CliResult> {
  const r = await cli(...args);
  if (r.code !== 0) throw new Error(`limadesk ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

async function statusOf(name: string): Promise<{ status: string; sshLocalPort: number }> {
  const list = JSON.parse((await cliOk('list', '--json', name)).stdout) as Array<{ status: string; sshLocalPort: number }>;
  return list[0]!;
}

/** What QEMU was started with, from its own command line: the SSH forward's host port and the NIC's MAC. */
function qemuIdentity(name: string): { sshPort: number; mac: string } {
  const pid = readFileSync(path.join(home, name, 'qemu.pid'), 'utf8').trim();
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  const hostfwd = /hostfwd=tcp:127\.0\.0\.1:(\d+)-:22/.exec(argv.join(' '));
  const mac = /netdev=net0,mac=([0-9a-f:]+)/.exec(argv.join(' '));
  if (!hostfwd || !mac) throw new Error(`no SSH forward or MAC in QEMU's argv: ${argv.join(' ')}`);
  return { sshPort: Number(hostfwd[1]), mac: mac[1]! };
}

beforeAll(async () => {
  buildParts('cli');
  const guest = await ensureTestGuest();
  home = makeTempHome('ld-clone-');
  const yaml = localGuestYaml(guest, createBaseDisk(home), { memory: '160MiB', display: 'none', header: ['the original, with its own comment'] });
  // Created as users create it, so that the directory has everything Limadesk and Lima put there.
  const file = path.join(home, 'orig.yaml');
  writeFileSync(file, yaml);
  await cliOk('create', '--name', 'orig', file);
});

afterAll(() => tearDown({ home, instances: ['orig', 'copy'] }));

describe('clone', () => {
  it('clones a stopped instance, and the clone boots while the original runs, with its own SSH port and MAC', async () => {
    // A first run gives the original a disk, a seed, logs and an ssh.config: what a clone must sort out.
    await cliOk('start', 'orig');
    await cliOk('stop', 'orig');
    const cloned = await cliOk('clone', 'orig', 'copy', '--set', '.cpus = 1');
    expect(cloned.stderr).toContain('Cloned "orig" to "copy"');
    const files = readdirSync(path.join(home, 'copy')).sort();
    expect(files).toEqual(expect.arrayContaining(['disk', 'lima-version', 'lima.yaml']));
    for (const own of ['ssh.config', 'ha.stdout.log', 'serial.log', 'protected', 'qemu.pid', 'ha.pid']) expect(files).not.toContain(own);
    expect(readFileSync(path.join(home, 'copy', 'lima.yaml'), 'utf8')).toContain('# the original, with its own comment');

    await cliOk('start', 'orig');
    await cliOk('start', 'copy');
    const [a, b] = [await statusOf('orig'), await statusOf('copy')];
    expect([a.status, b.status]).toEqual(['Running', 'Running']);
    expect(a.sshLocalPort).not.toBe(b.sshLocalPort);
    const [qa, qb] = [qemuIdentity('orig'), qemuIdentity('copy')];
    expect(qa.sshPort).toBe(a.sshLocalPort);
    expect(qb.sshPort).toBe(b.sshLocalPort);
    expect(qa.mac).not.toBe(qb.mac);
    expect(readFileSync(path.join(home, 'copy', 'ssh.config'), 'utf8')).toContain('Host lima-copy\n');
  });

  it('refuses to clone a running instance, or onto an existing name, and makes nothing', async () => {
    const running = await cli('clone', 'orig', 'third');
    expect(running.code).toBe(1);
    expect(running.stderr).toContain('cannot clone a running instance: stop "orig" first');
    await cliOk('stop', 'orig');
    await cliOk('stop', 'copy');
    const taken = await cli('clone', 'orig', 'copy');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('instance "copy" already exists');
    expect(readdirSync(home).filter((e) => !e.startsWith('base') && !e.endsWith('.yaml')).sort()).toEqual(['_config', 'copy', 'orig']);
  });
});

describe('factory reset and protect', () => {
  it('factory reset removes the disk, and the next start makes it again from the image', async () => {
    const dir = path.join(home, 'copy');
    expect(existsSync(path.join(dir, 'disk'))).toBe(true);
    const reset = await cliOk('factory-reset', 'copy');
    expect(reset.stderr).toContain('has been factory reset');
    expect(readdirSync(dir).sort()).toEqual(['cloud-config.yaml', 'lima-version', 'lima.yaml']);
    await cliOk('start', 'copy');
    expect((await statusOf('copy')).status).toBe('Running');
    expect(existsSync(path.join(dir, 'disk'))).toBe(true);
    await cliOk('stop', 'copy');
  });

  it('protect blocks delete and factory-reset, and unprotect lifts it', async () => {
    await cliOk('protect', 'copy');
    const deleted = await cli('delete', 'copy');
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toContain('is protected');
    const reset = await cli('factory-reset', 'copy');
    expect(reset.code).toBe(1);
    expect(reset.stderr).toContain('instance "copy" is protected to prohibit accidental factory-reset');
    expect(existsSync(path.join(home, 'copy', 'disk'))).toBe(true);
    expect(JSON.parse((await cliOk('list', '--json', 'copy')).stdout)[0].protected).toBe(true);
    await cliOk('unprotect', 'copy');
    await cliOk('delete', 'copy');
    expect(existsSync(path.join(home, 'copy'))).toBe(false);
  });
});
