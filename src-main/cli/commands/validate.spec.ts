import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run';

let dir: string;
let env: NodeJS.ProcessEnv;
const files: Record<string, string> = {
  'good.yaml': 'images: [{location: "https://example.com/a.img", arch: x86_64}]\n',
  'warn.yaml': 'images: [{location: "https://example.com/a.img", arch: x86_64}]\ncpu: 2\n',
  'bad.yaml': [
    'images:',
    '- location: https://example.com/a.img',
    '  arch: x86_64',
    '  digest: abc',
    'cpus: "four"',
    'mounts:',
    '- location: "."',
    'ssh:',
    '  localPort: 22',
    '',
  ].join('\n'),
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'limadesk-validate-cli-'));
  env = { ...process.env, LIMA_HOME: path.join(dir, 'lima-home') };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
});

async function run(...names: string[]): Promise<{ code: number; out: string[]; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['validate', ...names.map((n) => path.join(dir, n))], {
    env,
    stdout: (t) => { out += t; },
    stderr: (t) => { err += t; },
  });
  return { code, out: out.split('\n').filter(Boolean).map((l) => l.replaceAll(`${dir}/`, '')), err };
}

describe('limadesk validate', () => {
  it('exits 0 and prints nothing on stdout for a valid file', async () => {
    const r = await run('good.yaml');
    expect(r).toMatchObject({ code: 0, out: [] });
    expect(r.err).toContain('is valid');
  });

  it('prints warnings with a prefix and still exits 0', async () => {
    expect(await run('warn.yaml')).toMatchObject({
      code: 0,
      out: ['warning: warn.yaml:2:1: cpu: unknown field `cpu` (ignored); did you mean `cpus`?'],
    });
  });

  it('prints one FILE:LINE:COL: FIELD: MESSAGE line per problem and exits 1', async () => {
    const r = await run('good.yaml', 'bad.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toEqual(['bad.yaml:5:7: cpus: field `cpus` must be an integer, got string `four`']);
  });

  it('reports validation errors with positions once the file parses', async () => {
    await writeFile(path.join(dir, 'bad2.yaml'), files['bad.yaml']!.replace('cpus: "four"', 'cpus: 4'));
    const r = await run('bad2.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      'bad2.yaml:4:3: images[0].digest: field `images[0].digest` is invalid: abc: invalid checksum digest format',
      'bad2.yaml:7:3: mounts[0].location: field `mounts[0].location` must be an absolute path, got `.`',
      'bad2.yaml:9:3: ssh.localPort: field `ssh.localPort` must not be 22',
    ]);
  });

  it('embeds base: templates first, as limactl validate does, and points at the base that holds a bad value', async () => {
    await writeFile(path.join(dir, 'base-images.yaml'), 'images: [{location: "https://example.com/b.img", arch: x86_64}]\nmemory: "lots"\n');
    await writeFile(path.join(dir, 'on-base.yaml'), '# a template built on another\nbase: base-images.yaml\ncpus: 2\n');
    const r = await run('on-base.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toEqual([expect.stringMatching(/^base-images\.yaml:2:\d+: memory: /)]);
    await writeFile(path.join(dir, 'base-images.yaml'), 'images: [{location: "https://example.com/b.img", arch: x86_64}]\n');
    expect(await run('on-base.yaml')).toMatchObject({ code: 0, out: [] });
  });

  it('names the chain of a base cycle', async () => {
    await writeFile(path.join(dir, 'loop-a.yaml'), 'base: loop-b.yaml\n');
    await writeFile(path.join(dir, 'loop-b.yaml'), 'base: loop-a.yaml\n');
    const r = await run('loop-a.yaml');
    expect(r.code).toBe(1);
    expect(r.out.join('\n')).toMatch(/loop/);
  });

  it('validates a bundled template by name', async () => {
    let out = '';
    const code = await runCli(['validate', 'template:docker'], { env, stdout: (t) => { out += t; }, stderr: () => {} });
    expect(out.split('\n').filter((l) => !l.startsWith('warning:') && l !== '')).toEqual([]);
    expect(code).toBe(0);
  });

  it('reports a missing file and needs at least one argument', async () => {
    const r = await run('missing.yaml');
    expect(r.code).toBe(1);
    expect(r.out).toEqual(['missing.yaml: -: template file "missing.yaml" does not exist']);
    expect((await run()).code).toBe(2);
  });
});
