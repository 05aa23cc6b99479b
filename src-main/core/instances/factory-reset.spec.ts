import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { InstanceCatalog } from './catalog';
import { InstanceStateError } from './errors';
import { factoryReset, factoryResetPlan } from './factory-reset';
import { setProtected } from './protect';

let home: string;
useTempDir('reset-', (d) => (home = d));

const YAML = 'images:\n- location: /x.qcow2\n  arch: x86_64\narch: x86_64\n';

async function used(catalog: InstanceCatalog): Promise<string> {
  await catalog.create('vm1', YAML);
  const dir = path.join(home, 'vm1');
  await writeFile(path.join(dir, 'disk'), Buffer.alloc(64 * 1024, 1));
  await writeFile(path.join(dir, 'cidata.iso'), 'seed');
  await writeFile(path.join(dir, 'ssh.config'), 'Port 1\n');
  await writeFile(path.join(dir, 'extra.yml'), 'kept: true\n');
  await mkdir(path.join(dir, 'swtpm'));
  await writeFile(path.join(dir, 'swtpm', 'state'), 'x');
  return dir;
}

describe('protect and unprotect', () => {
  it('write and remove an empty read-only `protected`, as Lima does', async () => {
    const catalog = new InstanceCatalog(home);
    await catalog.create('vm1', YAML);
    expect(await setProtected(home, 'vm1', true)).toBe(true);
    expect(await setProtected(home, 'vm1', true)).toBe(false);
    const file = await stat(path.join(home, 'vm1', 'protected'));
    expect([file.size, file.mode & 0o777]).toEqual([0, 0o400]);
    expect((await catalog.inspect('vm1')).protected).toBe(true);
    await expect(catalog.delete('vm1')).rejects.toThrow('is protected');
    expect(await setProtected(home, 'vm1', false)).toBe(true);
    expect((await catalog.inspect('vm1')).protected).toBe(false);
  });
});

describe('factoryReset', () => {
  it('says what it will remove, then removes all but Lima\'s keep-list', async () => {
    const catalog = new InstanceCatalog(home);
    const dir = await used(catalog);
    const plan = await factoryResetPlan(catalog, 'vm1');
    expect(plan.map((e) => e.name)).toEqual(['cidata.iso', 'disk', 'ssh.config', 'swtpm']);
    expect(plan.find((e) => e.name === 'disk')!.bytes).toBeGreaterThanOrEqual(64 * 1024);
    expect((await readdir(dir)).length).toBe(7);
    const removed = await factoryReset(catalog, 'vm1');
    expect(removed).toEqual(plan);
    expect((await readdir(dir)).sort()).toEqual(['extra.yml', 'lima-version', 'lima.yaml']);
    expect((await catalog.inspect('vm1')).status).toBe('Stopped');
  });

  it('refuses a protected instance and leaves it whole', async () => {
    const catalog = new InstanceCatalog(home);
    const dir = await used(catalog);
    await setProtected(home, 'vm1', true);
    const err = await factoryReset(catalog, 'vm1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InstanceStateError);
    expect((err as Error).message).toBe('instance "vm1" is protected to prohibit accidental factory-reset (hint: use `limadesk unprotect vm1`)');
    expect((await readdir(dir)).length).toBe(8);
  });
});
