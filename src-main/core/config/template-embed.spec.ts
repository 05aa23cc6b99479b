import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseLimaYaml } from './parse';
import { embedTemplate } from './template-embed';
import { readLocator } from './template-locator';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'limadesk-embed-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `base0.yaml`, `base1.yaml`, … (or `.sh` for scripts) and embeds `template` on top of base0. */
async function embed(template: string, ...bases: string[]): Promise<string> {
  bases.forEach((text, i) => writeFileSync(path.join(dir, `base${i}.${text.startsWith('#!') ? 'sh' : 'yaml'}`), text));
  const top = path.join(dir, 'top.yaml');
  const text = bases.length > 0 && !bases[0]?.startsWith('#!') ? `base: base0.yaml\n${template}` : template;
  writeFileSync(top, text);
  const env = { PATH: '/nonexistent' };
  return embedTemplate(text, top, { read: (locator) => readLocator(locator, { limaHome: path.join(dir, 'lima'), env }) });
}

const value = async (template: string, ...bases: string[]): Promise<unknown> => parse(await embed(template, ...bases));

describe('merging a base under a template', () => {
  it('keeps the template\'s values, even null, and adds the base\'s other fields', async () => {
    expect(await value('vmType: qemu\ncpus: null\n', 'vmType: vz\narch: aarch64\ncpus: 4\n')).toEqual({ vmType: 'qemu', cpus: null, arch: 'aarch64' });
    expect(await value('', 'vmType: qemu\n')).toEqual({ vmType: 'qemu' });
  });

  it('merges maps key by key and appends lists, nested ones too', async () => {
    expect(await value(
      'env: {A: mine}\ncaCerts: {files: [/a.pem]}\nimages: [{location: /t.img}]\n',
      'env: {A: base, B: base}\ncaCerts: {files: [/b.pem], removeDefaults: true}\nimages: [{location: /b.img}]\n',
    )).toEqual({ env: { A: 'mine', B: 'base' }, caCerts: { files: ['/a.pem', '/b.pem'], removeDefaults: true }, images: [{ location: '/t.img' }, { location: '/b.img' }] });
  });

  it('runs the base\'s provision steps and probes first', async () => {
    expect(await value('probes: [{script: one}]\nprovision: [{script: One}]\n', 'probes: [{script: two}]\nprovision: [{script: Two}]\n'))
      .toEqual({ probes: [{ script: 'two' }, { script: 'one' }], provision: [{ script: 'Two' }, { script: 'One' }] });
  });

  it('takes dns from the base only when the template has none', async () => {
    expect(await value('dns: [1.1.1.1]\n', 'dns: [8.8.8.8]\n')).toEqual({ dns: ['1.1.1.1'] });
    expect(await value('dns: []\n', 'dns: [8.8.8.8, 1.0.0.1]\n')).toEqual({ dns: ['8.8.8.8', '1.0.0.1'] });
    expect(await value('', 'dns: [8.8.8.8]\n')).toEqual({ dns: ['8.8.8.8'] });
  });

  it('keeps the higher minimum versions and drops duplicate unsupported mount types', async () => {
    expect(await value(
      'minimumLimaVersion: 1.0.0\nvmOpts: {qemu: {minimumVersion: 8.2.1}}\nmountTypesUnsupported: [9p, reverse-sshfs]\n',
      'minimumLimaVersion: 2.0.0\nvmOpts: {qemu: {minimumVersion: 9.1.0}}\nmountTypesUnsupported: [9p, virtiofs]\n',
    )).toEqual({ minimumLimaVersion: '2.0.0', vmOpts: { qemu: { minimumVersion: '9.1.0' } }, mountTypesUnsupported: ['9p', 'reverse-sshfs', 'virtiofs'] });
    expect(await value('minimumLimaVersion: 2.1.0\n', 'minimumLimaVersion: 2.0.0\n')).toEqual({ minimumLimaVersion: '2.1.0' });
  });

  it('embeds bases depth first, in order', async () => {
    expect(await value('', 'base: [base1.yaml, {url: base2.yaml}]\nadditionalDisks: [d0]\n', 'base: base3.yaml\nadditionalDisks: [d1]\n', 'additionalDisks: [d2]\n', 'additionalDisks: [d3]\n'))
      .toEqual({ additionalDisks: ['d0', 'd1', 'd3', 'd2'] });
  });

  it('carries the base\'s comments along with its fields, and keeps the template\'s', async () => {
    const text = await embed('# the VM type\nvmType: qemu # QEMU please\n', '# which arch\narch: x86_64 # Intel\n');
    expect(text).toBe('# the VM type\nvmType: qemu # QEMU please\n# which arch\narch: x86_64 # Intel\n');
    expect(await embed('minimumLimaVersion: 1.0.0\n', '# needs 2.0 features\nminimumLimaVersion: 2.0.0\n')).toBe('# needs 2.0 features\nminimumLimaVersion: 2.0.0\n');
  });

  it('refuses a base with a digest, and a base seen before', async () => {
    await expect(embed('', 'base: [{url: base1.yaml, digest: "sha256:00"}]\n', 'cpus: 1\n')).rejects.toThrow('has specified a digest; digest support is not yet implemented');
    await expect(embed('', 'base: [base1.yaml, base2.yaml]\n', 'base: base2.yaml\n', 'cpus: 1\n')).rejects.toThrow(/loop detected: template ".*base2\.yaml" is already included \(.*top\.yaml → .*base0\.yaml → .*base2\.yaml\)/);
  });
});

describe('combining list entries that share a key', () => {
  it('fills additional disks by name, upgrading a bare name, and applies * to all before it', async () => {
    expect(await value('additionalDisks: [mine, {name: d1}]\n', 'additionalDisks: [{name: d2}, {name: d1, format: true}, {name: "*", fsType: xfs}, {name: d3}]\n'))
      .toEqual({ additionalDisks: [{ name: 'mine', fsType: 'xfs' }, { name: 'd1', format: true, fsType: 'xfs' }, { name: 'd2', fsType: 'xfs' }, { name: 'd3' }] });
  });

  it('merges mounts by mount point (the location when there is none)', async () => {
    expect(await value('mounts: [{location: /a}, {location: /a, mountPoint: /b}]\n', 'mounts: [{location: /a, mountPoint: /b, writable: true, sshfs: {followSymlinks: true}}, {location: /a, mountPoint: /c}]\n'))
      .toEqual({ mounts: [{ location: '/a' }, { location: '/a', mountPoint: '/b', writable: true, sshfs: { followSymlinks: true } }, { location: '/a', mountPoint: '/c' }] });
    expect(await value('mounts: [{location: "~"}, {location: /tmp/x, writable: false}]\n', 'mounts: [{location: "*", writable: true, 9p: {msize: 256KiB}}]\n'))
      .toEqual({ mounts: [{ location: '~', writable: true, '9p': { msize: '256KiB' } }, { location: '/tmp/x', writable: false, '9p': { msize: '256KiB' } }] });
  });

  it('merges networks by interface; lima and socket only when neither is set; unnamed ones never', async () => {
    expect(await value('networks: [{interface: lima1}, {interface: lima3, socket: /s}]\n', 'networks: [{interface: lima2}, {metric: 250}, {interface: lima1, lima: shared, metric: 100}, {interface: lima3, lima: bridged}, {interface: "*", metric: 123}]\n'))
      .toEqual({ networks: [{ interface: 'lima1', lima: 'shared', metric: 100 }, { interface: 'lima3', socket: '/s', metric: 123 }, { interface: 'lima2', metric: 123 }, { metric: 250 }] });
  });
});

describe('script files', () => {
  it('become script, content or expression by mode, also without any base', async () => {
    const script = '#!/bin/sh\necho from a file\n';
    writeFileSync(path.join(dir, 'run.sh'), script);
    const out = await embed([
      'provision:',
      '- file: run.sh # my step',
      '- mode: data',
      '  file: {url: run.sh}',
      '  path: /etc/x',
      '- mode: yq',
      '  file: run.sh',
      '  path: /etc/y',
      '- file: run.sh',
      '  script: "#!/bin/sh\\necho kept"',
      'probes:',
      '- file: run.sh',
    ].join('\n'));
    expect(parse(out)).toEqual({
      provision: [{ script }, { mode: 'data', content: script, path: '/etc/x' }, { mode: 'yq', expression: script, path: '/etc/y' }, { file: path.join(dir, 'run.sh'), script: '#!/bin/sh\necho kept' }],
      probes: [{ script }],
    });
    expect(out).toContain('- script: | # my step');
  });

  it('are base64 when they hold unprintable characters, and read back as text', async () => {
    writeFileSync(path.join(dir, 'bell.sh'), '#!/bin/sh\nprintf "\\a\t"\n');
    const out = await embed('provision:\n- file: bell.sh\n');
    expect(out).toContain('script: !!binary |');
    expect(parseLimaYaml(out, 'x.yaml').value.provision).toEqual([{ script: '#!/bin/sh\nprintf "\\a\t"\n' }]);
  });
});
