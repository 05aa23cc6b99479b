import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { instanceNames, listInstances } from './list';
import { useTempDir } from '../../../test/support/temp-dir';

const YAML = 'images:\n- location: /x.qcow2\n  arch: x86_64\narch: x86_64\n';

let home: string;
useTempDir('list-', (d) => (home = d));

async function dir(name: string, yaml?: string): Promise<void> {
  await mkdir(path.join(home, name));
  if (yaml !== undefined) await writeFile(path.join(home, name, 'lima.yaml'), yaml);
}

describe('listInstances', () => {
  it('has no instances when LIMA_HOME does not exist', async () => {
    expect(await listInstances(path.join(home, 'missing'))).toEqual([]);
  });

  it('skips _ and . entries and plain files, and sorts in byte order as Lima does', async () => {
    for (const n of ['_config', '_disks', '.tmp-x-1', 'b', 'a', 'B', '10', '9']) await dir(n, YAML);
    await writeFile(path.join(home, 'zfile'), '');
    expect(await instanceNames(home)).toEqual(['10', '9', 'B', 'a', 'b']);
  });

  it("merges every instance with _config/default.yaml and override.yaml, and reports a broken one on each", async () => {
    await mkdir(path.join(home, '_config'));
    await writeFile(path.join(home, '_config', 'default.yaml'), 'cpus: 3\n');
    await writeFile(path.join(home, '_config', 'override.yaml'), 'memory: 3GiB\n');
    await dir('one', YAML);
    await dir('two', `${YAML}cpus: 1\nmemory: 1GiB\n`);
    const list = await listInstances(home);
    // default.yaml fills what an instance leaves out; override.yaml wins over the instance.
    expect(list.map((i) => [i.name, i.cpus, i.memory])).toEqual([
      ['one', 3, 3 * 1024 ** 3],
      ['two', 1, 3 * 1024 ** 3],
    ]);

    await writeFile(path.join(home, '_config', 'override.yaml'), 'memory: [\n');
    const broken = await listInstances(home);
    expect(broken.map((i) => i.status)).toEqual(['Broken', 'Broken']);
    for (const inst of broken) expect(inst.errors.join('\n')).toContain('override.yaml');
  });

  it('lists a directory without lima.yaml and one with an invalid name as Broken', async () => {
    await dir('good', YAML);
    await dir('empty');
    await dir('bad name');
    const list = await listInstances(home);
    expect(list.map((i) => [i.name, i.status])).toEqual([
      ['bad name', 'Broken'],
      ['empty', 'Broken'],
      ['good', 'Stopped'],
    ]);
    expect(list[0]!.errors[0]).toContain('not a valid identifier');
    expect(list[1]!.errors[0]).toContain('lima.yaml does not exist');
  });
});
