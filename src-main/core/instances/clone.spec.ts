import { execFileSync, spawn } from 'node:child_process';
import { mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { InstanceCatalog } from './catalog';
import { cloneInstance } from './clone';
import { ConfigInvalidError, InstanceExistsError, InstanceStateError } from './errors';
import { renameInstance } from './rename';

let home: string;
useTempDir('clone-', (d) => (home = d));

const YAML = `# the source's own comment
images:
- location: /var/cache/debian.qcow2
  arch: x86_64
arch: x86_64
cpus: 1
memory: 1GiB
`;

/** A stopped instance as Limadesk leaves it after a run: disk, seed, logs, ssh.config, a locked disk. */
async function ranInstance(catalog: InstanceCatalog, name: string, yaml = YAML): Promise<string> {
  await catalog.create(name, yaml);
  const dir = path.join(home, name);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(dir, 'disk'), '1G']);
  await writeFile(path.join(dir, 'cidata.iso'), 'seed');
  await writeFile(path.join(dir, 'ha.stdout.log'), '{"status":{"running":true}}\n');
  await writeFile(path.join(dir, 'serial.log'), 'boot messages\n');
  await writeFile(path.join(dir, 'ssh.config'), `Host lima-${name}\n  ControlPath "${dir}/ssh.sock"\n  Port 60123\n`);
  await writeFile(path.join(dir, 'protected'), '', { mode: 0o400 });
  await writeFile(path.join(dir, 'stale.pid'), '123\n');
  await mkdir(path.join(dir, 'swtpm'));
  await writeFile(path.join(dir, 'swtpm', 'tpm2-00.permall'), 'secret state');
  await new Promise<void>((resolve) => {
    const server = net.createServer().listen(path.join(dir, 'qmp.sock'), () => server.close(() => resolve()));
  });
  return dir;
}

describe('cloneInstance', () => {
  it('copies the disk and config, but nothing that belongs to the source alone', async () => {
    const catalog = new InstanceCatalog(home);
    const src = await ranInstance(catalog, 'vm1');
    const progress: number[] = [];
    const result = await cloneInstance(catalog, 'vm1', 'vm2', { onProgress: (p) => progress.push(p.doneBytes) });
    const dir = path.join(home, 'vm2');
    expect(result.instance).toMatchObject({ name: 'vm2', status: 'Stopped', protected: false, dir, sshLocalPort: 0 });
    expect((await readdir(dir)).sort()).toEqual(['cidata.iso', 'disk', 'lima-version', 'lima.yaml']);
    expect(await readFile(path.join(dir, 'lima.yaml'), 'utf8')).toBe(YAML);
    expect((await readFile(path.join(dir, 'disk'))).equals(await readFile(path.join(src, 'disk')))).toBe(true);
    const copied = (await stat(path.join(src, 'disk'))).size + (await stat(path.join(src, 'cidata.iso'))).size + YAML.length + (await stat(path.join(src, 'lima-version'))).size;
    expect(progress.at(-1)).toBe(copied);
    expect(result.notes).toEqual([]);
    // The source is untouched, protection and all; no staging directory is left.
    expect((await readdir(home)).sort()).toEqual(['vm1', 'vm2']);
    expect((await catalog.inspect('vm1')).protected).toBe(true);
  });

  it('gives the clone its own SSH port and MAC when the source fixed them', async () => {
    const catalog = new InstanceCatalog(home);
    await ranInstance(catalog, 'vm1', `${YAML}ssh:\n  localPort: 60022 # fixed by hand\nnetworks:\n- socket: /tmp/net.sock\n  macAddress: "52:55:55:12:34:56"\n`);
    const result = await cloneInstance(catalog, 'vm1', 'vm2');
    expect(result.notes).toHaveLength(2);
    const text = await readFile(path.join(home, 'vm2', 'lima.yaml'), 'utf8');
    expect(text).toContain('localPort: 0 # fixed by hand');
    expect(text).not.toContain('macAddress');
    expect(text).toContain("# the source's own comment");
  });

  it('applies --set expressions to the clone only, validated before it appears', async () => {
    const catalog = new InstanceCatalog(home);
    await ranInstance(catalog, 'vm1');
    await cloneInstance(catalog, 'vm1', 'vm2', { expressions: ['.cpus = 2'] });
    expect((await catalog.inspect('vm2')).cpus).toBe(2);
    expect((await catalog.inspect('vm1')).cpus).toBe(1);
    await expect(cloneInstance(catalog, 'vm1', 'vm3', { expressions: ['.cpus = "many"'] })).rejects.toBeInstanceOf(ConfigInvalidError);
    await expect(cloneInstance(catalog, 'vm1', 'vm3', { expressions: ['.cpus ='] })).rejects.toThrow(/yq expression/);
    expect((await readdir(home)).sort()).toEqual(['vm1', 'vm2']);
  });

  it('refuses an existing name, the same name and a running source, making nothing', async () => {
    const catalog = new InstanceCatalog(home);
    await ranInstance(catalog, 'vm1');
    await catalog.create('taken', YAML);
    await expect(cloneInstance(catalog, 'vm1', 'taken')).rejects.toThrow('instance "taken" already exists');
    await expect(cloneInstance(catalog, 'vm1', 'vm1')).rejects.toBeInstanceOf(InstanceExistsError);
    await expect(cloneInstance(catalog, 'vm1', '../x')).rejects.toThrow(/instance name/);
    // A stand-in for the host agent: alive, and naming its pid file as the agent does.
    const pidFile = path.join(home, 'vm1', 'ha.pid');
    const agent = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', '--', '--pidfile', pidFile], { stdio: 'ignore' });
    try {
      await writeFile(pidFile, `${agent.pid}\n`);
      await expect(cloneInstance(catalog, 'vm1', 'vm2')).rejects.toBeInstanceOf(InstanceStateError);
    } finally {
      agent.kill('SIGKILL');
    }
    expect((await readdir(home)).sort()).toEqual(['taken', 'vm1']);
  });

  it('leaves no directory when the copy fails half-way', async () => {
    const catalog = new InstanceCatalog(home);
    await ranInstance(catalog, 'vm1');
    const controller = new AbortController();
    const clone = cloneInstance(catalog, 'vm1', 'vm2', { signal: controller.signal, onProgress: (p) => p.file === 'disk' && controller.abort() });
    await expect(clone).rejects.toThrow();
    expect(await readdir(home)).toEqual(['vm1']);
  });
});

describe('a v2.0 layout (diffdisk over basedisk)', () => {
  const backingOf = (file: string): string =>
    (JSON.parse(execFileSync('qemu-img', ['info', '--output=json', '--force-share', file], { encoding: 'utf8' })) as { 'full-backing-filename'?: string })['full-backing-filename'] ?? '';

  async function legacy(catalog: InstanceCatalog): Promise<string> {
    await catalog.create('old', YAML);
    const dir = path.join(home, 'old');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(dir, 'basedisk'), '1G']);
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', path.join(dir, 'basedisk'), path.join(dir, 'diffdisk')]);
    await symlink('diffdisk', path.join(dir, 'disk'));
    return dir;
  }

  it('clone: the copy\'s diffdisk is backed by the copy\'s basedisk, and disk stays a link', async () => {
    const catalog = new InstanceCatalog(home);
    const old = await legacy(catalog);
    await cloneInstance(catalog, 'old', 'new');
    const dir = path.join(home, 'new');
    expect(await readlink(path.join(dir, 'disk'))).toBe('diffdisk');
    expect(backingOf(path.join(dir, 'diffdisk'))).toBe(path.join(dir, 'basedisk'));
    expect(backingOf(path.join(old, 'diffdisk'))).toBe(path.join(old, 'basedisk'));
  });

  it('rename: the moved diffdisk names the moved basedisk', async () => {
    const catalog = new InstanceCatalog(home);
    await legacy(catalog);
    await renameInstance(catalog, 'old', 'moved');
    const dir = path.join(home, 'moved');
    expect(backingOf(path.join(dir, 'diffdisk'))).toBe(path.join(dir, 'basedisk'));
  });
});

describe('renameInstance', () => {
  it('moves the directory and makes ssh.config and disk locks follow', async () => {
    const catalog = new InstanceCatalog(home);
    const old = await ranInstance(catalog, 'vm1');
    const diskInode = (await stat(path.join(old, 'disk'))).ino;
    await mkdir(path.join(home, '_disks', 'data'), { recursive: true });
    await symlink(old, path.join(home, '_disks', 'data', 'in_use_by'));
    const { instance } = await renameInstance(catalog, 'vm1', 'web');
    const dir = path.join(home, 'web');
    expect(instance).toMatchObject({ name: 'web', dir, protected: true, sshLocalPort: 60123 });
    expect((await stat(path.join(dir, 'disk'))).ino).toBe(diskInode);
    const sshConfig = await readFile(path.join(dir, 'ssh.config'), 'utf8');
    expect(sshConfig).toContain('Host lima-web\n');
    expect(sshConfig).toContain(`ControlPath "${dir}/ssh.sock"`);
    expect(sshConfig).toContain('Port 60123\n');
    expect(await readlink(path.join(home, '_disks', 'data', 'in_use_by'))).toBe(dir);
    expect((await readdir(home)).sort()).toEqual(['_disks', 'web']);
  });

  it('undoes the move when the new config does not validate', async () => {
    const catalog = new InstanceCatalog(home);
    await ranInstance(catalog, 'vm1');
    await expect(renameInstance(catalog, 'vm1', 'web', { expressions: ['.memory = "lots"'] })).rejects.toBeInstanceOf(ConfigInvalidError);
    expect(await readdir(home)).toEqual(['vm1']);
  });
});
