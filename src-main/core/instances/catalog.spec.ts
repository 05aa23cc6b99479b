import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMA_VERSION_COMPAT } from '../config/version';
import { InstanceCatalog } from './catalog';
import { ConfigInvalidError, InstanceExistsError, InstanceNotFoundError, InstanceStateError } from './errors';

const YAML = `# my VM — this comment must survive
images:
  - location: /var/cache/images/debian.qcow2   # trailing comment
    arch: x86_64
arch: x86_64
cpus: 1
memory: 1GiB
disk: 8GiB
`;

let home: string;
let catalog: InstanceCatalog;
const children: ChildProcess[] = [];

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'catalog-'));
  catalog = new InstanceCatalog(home);
});
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await rm(home, { recursive: true, force: true });
});

/** A stand-in for QEMU or the host agent: alive, and naming its pid file as they do. */
function sleeper(pidFile = ''): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', '--', '--pidfile', pidFile], { stdio: 'ignore' });
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(child.signalCode) : child.on('exit', (_c, s) => r(s))));
}

describe('create', () => {
  it('writes lima.yaml byte for byte and a read-only lima-version, leaving no staging dir', async () => {
    const { instance } = await catalog.create('vm1', YAML);
    const dir = path.join(home, 'vm1');
    expect(instance).toMatchObject({ name: 'vm1', status: 'Stopped', dir, cpus: 1, memory: 2 ** 30 });
    expect(await readFile(path.join(dir, 'lima.yaml'), 'utf8')).toBe(YAML);
    expect(await readFile(path.join(dir, 'lima-version'), 'utf8')).toBe(`${LIMA_VERSION_COMPAT}\n`);
    expect((await stat(path.join(dir, 'lima-version'))).mode & 0o777).toBe(0o444);
    expect(await readdir(home)).toEqual(['vm1']);
  });

  it('creates LIMA_HOME when it does not exist yet', async () => {
    const nested = new InstanceCatalog(path.join(home, 'sub', '.lima'));
    await nested.create('vm1', YAML);
    expect(existsSync(path.join(home, 'sub', '.lima', 'vm1', 'lima.yaml'))).toBe(true);
  });

  it('refuses an existing name and leaves it alone', async () => {
    await mkdir(path.join(home, 'vm1'));
    await writeFile(path.join(home, 'vm1', 'mine'), 'x');
    await expect(catalog.create('vm1', YAML)).rejects.toBeInstanceOf(InstanceExistsError);
    expect(await readdir(path.join(home, 'vm1'))).toEqual(['mine']);
    expect(await readdir(home)).toEqual(['vm1']);
  });

  it('refuses an invalid config with positioned issues and leaves nothing behind', async () => {
    const err = await catalog.create('vm1', 'images:\n- location: /x.qcow2\n  arch: x86_64\ncpus: many\n', { sourceName: 'my.yaml' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigInvalidError);
    expect((err as ConfigInvalidError).message).toMatch(/^my\.yaml:4:\d+: cpus: /);
    expect((err as ConfigInvalidError).issues[0]).toMatchObject({ file: 'my.yaml', line: 4, field: 'cpus' });
    expect(await readdir(home)).toEqual([]);
  });

  it.each(['../evil', 'a/b', 'default.yaml', ''])('refuses the name %j before touching the disk', async (name) => {
    await expect(catalog.create(name, YAML)).rejects.toThrow(/instance name/);
    expect(await readdir(home)).toEqual([]);
  });

  it('refuses a name whose socket path would be too long', async () => {
    await expect(catalog.create('a'.repeat(76), YAML)).rejects.toThrow('UNIX_PATH_MAX');
    expect(await readdir(home)).toEqual([]);
  });
});

describe('delete', () => {
  it('removes a Stopped instance', async () => {
    await catalog.create('vm1', YAML);
    await catalog.delete('vm1');
    expect(await readdir(home)).toEqual([]);
  });

  it('says a missing instance does not exist', async () => {
    await expect(catalog.delete('ghost')).rejects.toBeInstanceOf(InstanceNotFoundError);
  });

  it('refuses a protected instance even with force', async () => {
    await catalog.create('vm1', YAML);
    await writeFile(path.join(home, 'vm1', 'protected'), '');
    await expect(catalog.delete('vm1', { force: true })).rejects.toThrow('is protected');
    expect(existsSync(path.join(home, 'vm1', 'lima.yaml'))).toBe(true);
  });

  it('refuses a Running instance without force, and SIGKILLs both processes with force', async () => {
    await catalog.create('vm1', YAML);
    const dir = path.join(home, 'vm1');
    const ha = sleeper(path.join(dir, 'ha.pid'));
    const qemu = sleeper(path.join(dir, 'qemu.pid'));
    await writeFile(path.join(dir, 'ha.pid'), `${ha.pid}\n`);
    await writeFile(path.join(dir, 'qemu.pid'), `${qemu.pid}\n`);
    // A live ha.pid without ha.sock reads as Broken; either way it is not Stopped.
    await expect(catalog.delete('vm1')).rejects.toBeInstanceOf(InstanceStateError);
    expect(existsSync(dir)).toBe(true);

    await catalog.delete('vm1', { force: true });
    expect(await exited(qemu)).toBe('SIGKILL');
    expect(await exited(ha)).toBe('SIGKILL');
    expect(existsSync(dir)).toBe(false);
  });

  it('releases an additional disk this instance holds, but not one held by another', async () => {
    await catalog.create('vm1', `${YAML}additionalDisks: [data, other]\n`);
    const dir = path.join(home, 'vm1');
    await mkdir(path.join(home, '_disks', 'data'), { recursive: true });
    await mkdir(path.join(home, '_disks', 'other'), { recursive: true });
    await symlink(dir, path.join(home, '_disks', 'data', 'in_use_by'));
    await symlink(path.join(home, 'vm2'), path.join(home, '_disks', 'other', 'in_use_by'));
    await catalog.delete('vm1', { force: true });
    expect(existsSync(path.join(home, '_disks', 'data', 'in_use_by'))).toBe(false);
    expect(await readdir(path.join(home, '_disks', 'other'))).toEqual(['in_use_by']);
  });

  it('force-deletes a directory that has no lima.yaml', async () => {
    await mkdir(path.join(home, 'half'));
    await writeFile(path.join(home, 'half', 'disk'), '');
    await expect(catalog.delete('half')).rejects.toThrow('expected status "Stopped", got "Broken"');
    await catalog.delete('half', { force: true });
    expect(await readdir(home)).toEqual([]);
  });
});

describe('config text', () => {
  it('reads and writes lima.yaml as text, keeping comments', async () => {
    await catalog.create('vm1', YAML);
    expect(await catalog.readConfigText('vm1')).toBe(YAML);
    const edited = YAML.replace('cpus: 1', 'cpus: 2 # more');
    await catalog.writeConfigText('vm1', edited);
    expect(await catalog.readConfigText('vm1')).toBe(edited);
    expect((await catalog.inspect('vm1')).cpus).toBe(2);
    expect(await readdir(path.join(home, 'vm1'))).toEqual(['lima-version', 'lima.yaml']);
  });

  it('refuses invalid text and keeps the old file', async () => {
    await catalog.create('vm1', YAML);
    const err = await catalog.writeConfigText('vm1', 'cpus: [\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigInvalidError);
    expect((err as ConfigInvalidError).issues[0]?.file).toBe(path.join(home, 'vm1', 'lima.yaml'));
    expect(await catalog.readConfigText('vm1')).toBe(YAML);
    expect(await readdir(path.join(home, 'vm1'))).toEqual(['lima-version', 'lima.yaml']);
  });

  it('says a missing instance does not exist', async () => {
    await expect(catalog.readConfigText('ghost')).rejects.toBeInstanceOf(InstanceNotFoundError);
    await expect(catalog.writeConfigText('ghost', YAML)).rejects.toBeInstanceOf(InstanceNotFoundError);
  });
});
