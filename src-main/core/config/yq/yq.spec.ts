import { describe, expect, it } from 'vitest';
import { applyYqExpressions, YqError } from './index';

const set = (text: string, ...expressions: string[]): string => applyYqExpressions(text, expressions).text;

describe('applyYqExpressions: what Lima does with --set', () => {
  it('sets scalars and keeps every comment (Lima yqutil TestEvaluateExpressionSimple)', () => {
    const text = '\n# CPUs\ncpus: null\n\n# Memory size\nmemory: null\n';
    expect(set(text, '.cpus = 2 | .memory = "2GiB"')).toBe('\n# CPUs\ncpus: 2\n\n# Memory size\nmemory: 2GiB\n');
  });

  it('appends a map to a list with += (Lima yqutil TestEvaluateExpressionComplex)', () => {
    const text = [
      '# Expose host directories to the guest',
      '# 🟢 Builtin default: null (Mount nothing)',
      'mounts:',
      '- location: "~"',
      '  # Configure the mountPoint inside the guest.',
      '  mountPoint: null',
      '',
    ].join('\n');
    expect(set(text, '.mounts += {"location": "foo", "mountPoint": "bar"}')).toBe(`${text}- location: foo\n  mountPoint: bar\n`);
  });

  it('keeps a trailing comment on the line it changes, and the file\'s own list style', () => {
    const text = 'cpus: 4 # as many as the laptop has\nmemory: "4GiB"   # quoted on purpose\nimages:\n  - location: /a.qcow2\n    arch: x86_64\n';
    expect(set(text, '.cpus = 2', '.memory = "8GiB"')).toBe('cpus: 2 # as many as the laptop has\nmemory: "8GiB" # quoted on purpose\nimages:\n  - location: /a.qcow2\n    arch: x86_64\n');
  });

  it('returns the text untouched when nothing changes', () => {
    const text = 'cpus:   2   # odd spacing stays\n';
    expect(applyYqExpressions(text, ['.cpus = 2', 'del(.nothing)'])).toEqual({ text, changed: false });
    expect(applyYqExpressions(text, [])).toEqual({ text, changed: false });
  });

  it('makes the maps on the way to a new field', () => {
    expect(set('cpus: 1\n', '.vmOpts.qemu.minimumVersion = "8.2.1"')).toBe('cpus: 1\nvmOpts:\n  qemu:\n    minimumVersion: 8.2.1\n');
    expect(set('cpus: 1\n', '.ssh.overVsock=false')).toBe('cpus: 1\nssh:\n  overVsock: false\n');
    expect(set('ssh:\n  overVsock: true\n', '.ssh.overVsock=null')).toBe('ssh:\n  overVsock: null\n');
  });

  it('runs the expressions limactl edit flags produce', () => {
    expect(set('dns: ["1.1.1.1"]\n', '.dns += ["8.8.8.8","1.1.1.1"] | .dns |= unique | .hostResolver.enabled=false')).toBe(
      'dns: [ "1.1.1.1", 8.8.8.8 ]\nhostResolver:\n  enabled: false\n',
    );
    expect(set('mounts:\n- location: /a\n', '.mounts = [{"location": "/b", "mountPoint": "/b", "writable": true}] + .mounts')).toBe(
      'mounts:\n- location: /b\n  mountPoint: /b\n  writable: true\n- location: /a\n',
    );
    expect(set('mounts:\n- location: /a\n- location: /b\n  writable: false\n', '.mounts[].writable = true')).toBe(
      'mounts:\n- location: /a\n  writable: true\n- location: /b\n  writable: true\n',
    );
    expect(set('mounts:\n- location: /a\n', '.mounts = null')).toBe('mounts: null\n');
    expect(set('networks:\n- lima: shared\n', '.networks += [{"lima": "shared"},{"lima": "bridged"}] | .networks |= unique_by(.lima)')).toBe(
      'networks:\n- lima: shared\n- lima: bridged\n',
    );
    expect(set('param:\n  A: "1"\n', '.param["B"] = "two"')).toBe('param:\n  A: "1"\n  B: two\n');
    expect(set('cpus: 1\n', '.portForwards += [{"guestPort": "80", "hostPort": "8080", "static": false}]')).toBe(
      'cpus: 1\nportForwards:\n  - guestPort: "80"\n    hostPort: "8080"\n    static: false\n',
    );
    expect(set('memory: 4GiB\n', '.memory = "1.5GiB"', '.disk= "20GiB"', '.vmOpts.vz.rosetta.enabled = true | .vmOpts.vz.rosetta.binfmt = true')).toBe(
      'memory: 1.5GiB\ndisk: 20GiB\nvmOpts:\n  vz:\n    rosetta:\n      enabled: true\n      binfmt: true\n',
    );
  });

  it('runs the expressions of Lima\'s docs and tests', () => {
    expect(set('additionalDisks:\n- data\n', '.additionalDisks += [{"name":"more"}]')).toBe('additionalDisks:\n- data\n- name: more\n');
    expect(set('additionalDisks:\n- data\n', '.additionalDisks = null')).toBe('additionalDisks: null\n');
    expect(set('mounts: []\n', '.mounts=[{"location":"/w", "writable":true}]')).toBe('mounts:\n  - location: /w\n    writable: true\n');
    const images = 'images:\n- location: a.img\n  arch: x86_64\n- location: b.img\n  arch: aarch64\n';
    expect(set(images, '.images = [.images[] | select(.arch == "x86_64")]')).toBe('images:\n- location: a.img\n  arch: x86_64\n');
    expect(set(images, '.images[1] *= {"kernel": {"cmdline": "console=ttyS0"}}')).toBe(
      'images:\n- location: a.img\n  arch: x86_64\n- location: b.img\n  arch: aarch64\n  kernel:\n    cmdline: console=ttyS0\n',
    );
    expect(set(images, 'del(.images[] | select(.arch == "aarch64"))')).toBe('images:\n- location: a.img\n  arch: x86_64\n');
    expect(set(images, '.images[-1].arch = "riscv64"')).toContain('- location: b.img\n  arch: riscv64\n');
    expect(set('cpus: 1\n', '.cpus //= 4 | .memory //= "2GiB" | .cpus += 1')).toBe('cpus: 2\nmemory: 2GiB\n');
  });

  it('writes strings that would read as something else with quotes', () => {
    expect(set('a: 1\n', '.b = "~" | .c = "true" | .d = "2"')).toBe('a: 1\nb: "~"\nc: "true"\nd: "2"\n');
  });
});

describe('applyYqExpressions: what it refuses, and how it says so', () => {
  const error = (text: string, expression: string): YqError => {
    try {
      applyYqExpressions(text, [expression]);
    } catch (err) {
      if (err instanceof YqError) return err;
      throw err;
    }
    throw new Error(`${expression} was accepted`);
  };

  it('explains a YAML line given instead of an expression (Lima: "invalid input text")', () => {
    expect(error('', 'arch: aarch64').message).toBe('yq expression "arch: aarch64": unexpected ":" (yq sets a field with "=", e.g. .arch = "aarch64") (at column 5)');
  });

  it('refuses what Lima disables, naming it', () => {
    expect(error('a: 1\n', '.a = env(HOME)').message).toMatch(/`env` is disabled: Lima's --set/);
    expect(error('a: 1\n', '.a = load("/etc/passwd")').message).toMatch(/`load` is disabled/);
  });

  it('refuses what is outside the subset, with the column', () => {
    expect(error('a: 1\n', '.a | to_yaml').message).toMatch(/`to_yaml` is not in Limadesk's yq subset \(supported: .*\) \(at column 6\)/);
    expect(error('a: 1\n', '(.. | select(tag == "!!str")) style="double"').message).toMatch(/recursive descent/);
    expect(error('a: 1\n', ".a = 'x'").message).toMatch(/double quotes/);
    expect(error('a: 1\n', '.a = "unclosed').message).toMatch(/not closed \(at column 6\)/);
  });

  it('refuses an expression that reads instead of writes, and a type mismatch', () => {
    expect(error('cpus: 2\n', '.cpus').message).toMatch(/evaluates to a value instead of changing the file/);
    expect(error('cpus: 2\n', '.cpus.count = 1').message).toMatch(/cannot index the number 2 with "count"/);
    expect(error('cpus: 2\n', '.cpus += [1]').message).toMatch(/cannot add a list to the number 2/);
    expect(error('cpus: 2\n', '1 = 2').message).toMatch(/left side of an assignment must be a path/);
  });

  it('refuses a file that is not YAML', () => {
    expect(error('a: [\n', '.a = 1').message).toMatch(/the YAML cannot be read/);
  });
});
