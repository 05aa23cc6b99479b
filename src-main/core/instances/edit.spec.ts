import { mkdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { DiskStore } from '../disks/disk-store';
import { InstanceCatalog } from './catalog';
import { attachDisk, detachDisk } from './disk-attach';
import { editInstance } from './edit';
import { editFlagExpressions, EditFlagError } from './edit-flags';
import { ConfigInvalidError } from './errors';

let home: string;
useTempDir('edit-', (d) => (home = d));

const YAML = `# my VM
images:
- location: /x.qcow2
  arch: x86_64
arch: x86_64
cpus: 1 # one is plenty
memory: 1GiB
`;

describe('editInstance', () => {
  it('changes lima.yaml with --set and keeps its comments', async () => {
    const catalog = new InstanceCatalog(home);
    await catalog.create('vm1', YAML);
    const result = await editInstance(catalog, 'vm1', ['.cpus = 2']);
    expect(result).toMatchObject({ changed: true, restartNeeded: false });
    expect(await readFile(path.join(home, 'vm1', 'lima.yaml'), 'utf8')).toBe(YAML.replace('cpus: 1', 'cpus: 2'));
    expect((await editInstance(catalog, 'vm1', ['.cpus = 2'])).changed).toBe(false);
  });

  it('leaves the file as it was when the result does not validate', async () => {
    const catalog = new InstanceCatalog(home);
    await catalog.create('vm1', YAML);
    const before = await stat(path.join(home, 'vm1', 'lima.yaml'));
    const err = await editInstance(catalog, 'vm1', ['.memory = "lots"']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigInvalidError);
    expect((err as ConfigInvalidError).issues[0]).toMatchObject({ field: 'memory', line: 7 });
    expect(await readFile(path.join(home, 'vm1', 'lima.yaml'), 'utf8')).toBe(YAML);
    expect((await stat(path.join(home, 'vm1', 'lima.yaml'))).mtimeMs).toBe(before.mtimeMs);
  });

  it('never overwrites an edit made meanwhile by someone else', async () => {
    const catalog = new InstanceCatalog(home);
    await catalog.create('vm1', YAML);
    const file = path.join(home, 'vm1', 'lima.yaml');
    // Between read and write someone saves: simulated by a catalog whose read returns an older mtime.
    const stale = Object.create(catalog) as InstanceCatalog;
    let reads = 0;
    stale.readConfig = async (name) => ({ ...(await catalog.readConfig(name)), ...(reads++ === 0 ? { mtime: 1 } : {}) });
    await expect(editInstance(stale, 'vm1', ['.cpus = 3'])).rejects.toThrow('changed on disk since it was opened');
    await utimes(file, new Date(), new Date());
    expect(await readFile(file, 'utf8')).toBe(YAML);
  });
});

describe('editFlagExpressions (Lima\'s edit flags)', () => {
  const ctx = { homeDir: '/home/u', cwd: '/work', params: { DOCKER: 'off' } };
  it('makes the expressions limactl makes, in its order', () => {
    const { expressions, warnings } = editFlagExpressions(
      { cpus: 4, memory: 1.5, disk: 20, mount: ['~/src:w', 'data'], mountType: '9p', network: ['lima:shared'], set: ['.ssh.overVsock=false'], param: ['DOCKER=on'], sshPort: 2222, video: false, dns: ['1.1.1.1'] },
      ctx,
    );
    expect(expressions).toEqual([
      '.cpus = 4',
      '.dns += ["1.1.1.1"] | .dns |= unique | .hostResolver.enabled=false',
      '.memory = "1.5GiB"',
      '.mounts = [{"location": "/work/data", "mountPoint": "/work/data", "writable": false},{"location": "/home/u/src", "mountPoint": "/home/u/src", "writable": true}] + .mounts',
      '.mountType = "9p"',
      '.networks += [{"lima": "shared"}] | .networks |= unique_by(.lima)',
      '.ssh.overVsock=false',
      '.param["DOCKER"] = "on"',
      '.video.display = "none"',
      '.ssh.localPort = 2222',
      '.disk= "20GiB"',
    ]);
    expect(warnings).toEqual(['Disabling HostResolver, as custom DNS addresses (1.1.1.1) are specified']);
  });

  it('refuses what limactl refuses, naming the flag', () => {
    expect(() => editFlagExpressions({ cpus: -1 }, ctx)).toThrow('error while processing flag `cpus`: invalid value for number of cpus, must be >= 0');
    expect(() => editFlagExpressions({ mount: ['/a'], mountOnly: ['/b'] }, ctx)).toThrow('flag `--mount` conflicts with `--mount-only`');
    expect(() => editFlagExpressions({ network: ['bridged'] }, ctx)).toThrow('network name must be `vzNAT` or `lima:*`, got `bridged`');
    expect(() => editFlagExpressions({ param: ['NOPE=1'] }, ctx)).toThrow('template does not define param `NOPE`');
    expect(() => editFlagExpressions({ memory: 0 }, ctx)).toThrow(EditFlagError);
  });
});

describe('attachDisk and detachDisk', () => {
  it('name a disk in additionalDisks and take it out again', async () => {
    const catalog = new InstanceCatalog(home);
    const disks = new DiskStore(home);
    await catalog.create('vm1', YAML);
    await disks.create('data', '1G');
    expect((await attachDisk(catalog, disks, 'vm1', 'data')).changed).toBe(true);
    expect((await attachDisk(catalog, disks, 'vm1', 'data')).changed).toBe(false);
    expect(await readFile(path.join(home, 'vm1', 'lima.yaml'), 'utf8')).toBe(`${YAML}additionalDisks:\n- name: data\n`);
    expect((await disks.inspect('data')).referencedBy).toEqual(['vm1']);
    expect((await detachDisk(catalog, 'vm1', 'data')).changed).toBe(true);
    expect((await catalog.inspect('vm1')).config?.additionalDisks).toEqual([]);
  });

  it('refuses a disk another instance holds, naming that instance', async () => {
    const catalog = new InstanceCatalog(home);
    const disks = new DiskStore(home);
    await catalog.create('vm1', YAML);
    const disk = await disks.create('data', '1G');
    await mkdir(path.join(home, 'other'));
    await writeFile(path.join(home, 'other', 'lima.yaml'), YAML);
    await symlink(path.join(home, 'other'), path.join(disk.dir, 'in_use_by'));
    await expect(attachDisk(catalog, disks, 'vm1', 'data')).rejects.toThrow('disk `data` is in use by instance `other`');
    await expect(attachDisk(catalog, disks, 'vm1', 'nope')).rejects.toThrow('disk "nope" does not exist');
    expect(await readFile(path.join(home, 'vm1', 'lima.yaml'), 'utf8')).toBe(YAML);
  });
});
