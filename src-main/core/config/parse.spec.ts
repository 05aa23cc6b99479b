import { describe, expect, it } from 'vitest';
import { parseLimaYaml } from './parse';

const F = '/tmp/lima.yaml';

describe('parseLimaYaml', () => {
  it('loads empty input as {}', () => {
    for (const text of ['', '\n', '# only a comment\n', '---\n']) {
      const p = parseLimaYaml(text, F);
      expect(p.value).toEqual({});
      expect(p.issues).toEqual([]);
    }
  });

  it('reads typed fields and keeps positions', () => {
    const p = parseLimaYaml('cpus: 2\nmemory: 4GiB\nmounts:\n- location: "~"\n  writable: true\n', F);
    expect(p.issues).toEqual([]);
    expect(p.value).toEqual({ cpus: 2, memory: '4GiB', mounts: [{ location: '~', writable: true }] });
    expect(p.positionOf(['cpus'])).toEqual({ line: 1, col: 1 });
    expect(p.positionOf(['mounts', 0])).toEqual({ line: 4, col: 3 });
    expect(p.positionOf(['mounts', 0, 'writable'])).toEqual({ line: 5, col: 3 });
    expect(p.positionOf(['mounts', 1])).toBeUndefined();
    expect(p.positionOf(['disk'])).toBeUndefined();
  });

  it('reports a duplicate key with Lima\'s wording, the field and the second key\'s position', () => {
    const p = parseLimaYaml('cpus: 2\nssh:\n  localPort: 1\n  localPort: 2\n', F);
    const dup = p.issues.find((i) => i.message.includes('map key-value is pre-defined'));
    expect(dup).toMatchObject({ severity: 'error', field: 'ssh.localPort', file: F, line: 4, col: 3 });
  });

  it('finds duplicate keys anywhere, as the YAML parser does, letting merge keys repeat', () => {
    const dups = (text: string) => parseLimaYaml(text, F).issues.filter((i) => i.message.includes('pre-defined')).map((i) => [i.line, i.col]);
    expect(dups('zzz: 1\nzzz: 2\n')).toEqual([[2, 1]]);
    expect(dups('osOpts: {a: 1, "a": 2}\n')).toEqual([[1, 16]]);
    expect(dups('osOpts: {1: a, "1": b}\n')).toEqual([]);
    expect(dups('x: &a {p: 1}\ny: &b {q: 1}\nosOpts:\n  <<: *a\n  <<: *b\n')).toEqual([]);
  });

  it('reports a wrong type with field, line and column', () => {
    const p = parseLimaYaml('arch: x86_64\ncpus: "four"\n', F);
    expect(p.issues).toEqual([
      { severity: 'error', field: 'cpus', message: 'field `cpus` must be an integer, got string `four`', file: F, line: 2, col: 7 },
    ]);
    expect(p.value).toEqual({ arch: 'x86_64' });
  });

  it('rejects quoted numbers, fractions and numbers beyond 2^53 for integer fields', () => {
    for (const bad of ['"4"', '2.5', '1e400', '123456789012345678901234567890']) {
      const p = parseLimaYaml(`cpus: ${bad}\n`, F);
      expect(p.issues.map((i) => i.field)).toEqual(['cpus']);
    }
  });

  it('converts scalars the way Go fills string and bool fields', () => {
    const p = parseLimaYaml('memory: 4\nplain: yes\nmountInotify: off\nmessage: 0x10\n', F);
    expect(p.issues).toEqual([]);
    expect(p.value).toEqual({ memory: '4', plain: true, mountInotify: false, message: '0x10' });
  });

  it('warns about unknown fields, each with its position and a suggestion', () => {
    const p = parseLimaYaml('cpu: 2\nssh:\n  localport: 60022\nzzz: 1\n', F);
    expect(p.issues).toEqual([
      { severity: 'warning', field: 'cpu', message: 'unknown field `cpu` (ignored); did you mean `cpus`?', file: F, line: 1, col: 1 },
      { severity: 'warning', field: 'ssh.localport', message: 'unknown field `ssh.localport` (ignored); did you mean `localPort`?', file: F, line: 3, col: 3 },
      { severity: 'warning', field: 'zzz', message: 'unknown field `zzz` (ignored)', file: F, line: 4, col: 1 },
    ]);
  });

  it('loads additionalDisks in the string form and the object form', () => {
    expect(parseLimaYaml('additionalDisks: [data]\n', F).value).toEqual({ additionalDisks: ['data'] });
    const p = parseLimaYaml('additionalDisks:\n- name: data\n  format: false\n  fsType: xfs\n  fsArgs: [-i, size=512]\n', F);
    expect(p.issues).toEqual([]);
    expect(p.value).toEqual({ additionalDisks: [{ name: 'data', format: false, fsType: 'xfs', fsArgs: ['-i', 'size=512'] }] });
  });

  it('accepts base as a string or a list of strings and objects', () => {
    expect(parseLimaYaml('base: template:default\n', F).value).toEqual({ base: 'template:default' });
    const p = parseLimaYaml('base:\n- template:a\n- url: x\n  location: b\n', F);
    expect(p.value).toEqual({ base: ['template:a', { url: 'x' }] });
    expect(p.issues.map((i) => i.field)).toEqual(['base[1].location']);
  });

  it('keeps vmOpts entries for other drivers and typed qemu options', () => {
    const p = parseLimaYaml('vmOpts:\n  qemu:\n    minimumVersion: "8.2.1"\n    cpuType: {x86_64: max}\n  krunkit: {gpu: true}\n', F);
    expect(p.issues).toEqual([]);
    expect(p.value).toEqual({ vmOpts: { qemu: { minimumVersion: '8.2.1', cpuType: { x86_64: 'max' } }, krunkit: { gpu: true } } });
  });

  it('resolves anchors, aliases and merge keys', () => {
    const text = 'mounts:\n- &m {location: /a, writable: true}\n- <<: *m\n  location: /b\n';
    const p = parseLimaYaml(text, F);
    expect(p.issues).toEqual([]);
    expect(p.value.mounts).toEqual([{ location: '/a', writable: true }, { location: '/b', writable: true }]);
  });

  it('reports a port range with the wrong length', () => {
    const p = parseLimaYaml('portForwards:\n- guestPortRange: [1, 2, 3]\n', F);
    expect(p.issues).toMatchObject([{ field: 'portForwards[0].guestPortRange', line: 2, col: 19 }]);
  });

  it('reports a top level that is not a map', () => {
    expect(parseLimaYaml('- a\n- b\n', F).issues).toMatchObject([{ severity: 'error', line: 1, col: 1 }]);
    expect(parseLimaYaml('hello\n', F).issues).toHaveLength(1);
  });

  it('reports syntax errors with a position', () => {
    const p = parseLimaYaml('cpus: 2\nmemory: "4GiB\n', F);
    expect(p.issues.some((i) => i.severity === 'error' && i.line !== undefined && i.file === F)).toBe(true);
    const tabs = parseLimaYaml('ssh:\n\tlocalPort: 1\n', F);
    expect(tabs.issues[0]).toMatchObject({ severity: 'error', line: 2 });
  });

  it('stops an alias bomb and an alias that contains itself', () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    bomb += 'osOpts: {boom: *a8}\n';
    const p = parseLimaYaml(bomb, F);
    expect(p.issues.some((i) => i.severity === 'error' && i.message.includes('too many copies'))).toBe(true);
    // Within the alias limit, a big anchor copied many times still stops at the node budget.
    const wide = `osOpts:\n  a: &a [${Array(3000).fill('x').join(', ')}]\n  b: [${Array(90).fill('*a').join(', ')}]\n`;
    expect(parseLimaYaml(wide, F).issues.some((i) => i.message.includes('too many nodes'))).toBe(true);
    const loop = parseLimaYaml('osOpts: &x {self: *x}\n', F);
    expect(loop.issues.length).toBeGreaterThan(0);
  });
});

/** A small seeded PRNG (mulberry32) so a failing fuzz case can be replayed from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  'cpus: ', 'memory: ', 'mounts:\n', '- location: ', 'images:\n', '  - ', 'ssh:\n  localPort: ', '\t', '"', "'", '&a ', '*a', '<<: *a\n',
  '{', '}', '[', ']', ': ', '\n', '  ', '#', '---\n', '...\n', '!!binary ', '!!str ', '%YAML 1.1\n', '? ', '|\n', '>-\n', ',',
  '99999999999999999999999999999', '-1e999', '0x', 'NaN', '.inf', '~', 'null', 'yes', '\u0000', '\uFFFD', '\uD800', 'é', 'additionalDisks: ',
  'vmOpts:\n  qemu:\n    cpuType: ', 'osOpts: ', 'base: ', 'param: {', 'env:\n  A: ',
];

function randomText(next: () => number): string {
  const parts: string[] = [];
  const n = Math.floor(next() * 40);
  for (let i = 0; i < n; i++) {
    const r = next();
    if (r < 0.7) parts.push(FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]!);
    else parts.push(String.fromCharCode(Math.floor(next() * 0x3000)));
  }
  return parts.join('');
}

describe('parseLimaYaml on broken input', () => {
  it('never throws and always positions its issues (2000 seeded random documents)', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const text = randomText(rng(seed));
      let p;
      try {
        p = parseLimaYaml(text, F);
      } catch (err) {
        throw new Error(`seed ${seed} threw on ${JSON.stringify(text)}: ${String(err)}`, { cause: err });
      }
      expect(typeof p.value).toBe('object');
      for (const issue of p.issues) {
        expect(issue.file).toBe(F);
        expect(issue.line, `seed ${seed}`).toBeGreaterThanOrEqual(1);
        expect(issue.col, `seed ${seed}`).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('handles binary garbage and extreme nesting', () => {
    const next = rng(42);
    const garbage = Array.from({ length: 4096 }, () => String.fromCharCode(Math.floor(next() * 256))).join('');
    expect(() => parseLimaYaml(garbage, F)).not.toThrow();
    const deepFlow = `osOpts: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    expect(parseLimaYaml(deepFlow, F).issues.length).toBeGreaterThanOrEqual(0);
    let deepBlock = 'osOpts:\n';
    for (let i = 1; i < 2000; i++) deepBlock += `${' '.repeat(i)}k${i}:\n`;
    expect(() => parseLimaYaml(deepBlock, F)).not.toThrow();
  });
});
