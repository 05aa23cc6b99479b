import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostnameFor, instanceDir, unixPathMax, validateInstanceName, validateSocketPathLength } from './names';

describe('instance names (Lima store_test vectors)', () => {
  it.each(['default', 'Ubuntu-20.04', 'example.com', 'under_score', '1-2_3.4', 'yml', 'yaml', 'foo.yaml.com'])('accepts %j', (name) => {
    expect(() => validateInstanceName(name)).not.toThrow();
  });

  it.each(['', 'my/instance', 'my\\instance', 'c:default', 'dot.', '.dot', 'dot..dot', 'underscore_', '_underscore', 'underscore__underscore', 'dash-', '-dash', 'dash--dash'])(
    'rejects %j as not a valid identifier',
    (name) => {
      expect(() => validateInstanceName(name)).toThrow('not a valid identifier');
    },
  );

  it.each(['default.yaml', 'MY.YAML', 'My.YmL'])('rejects %j for its YAML suffix', (name) => {
    expect(() => validateInstanceName(name)).toThrow(`instance name "${name}" must not end with .yml or .yaml suffix`);
  });

  it('gives Lima’s exact messages', () => {
    expect(() => validateInstanceName('')).toThrow('instance name "" is not a valid identifier: identifier must not be empty');
    expect(() => validateInstanceName('a b')).toThrow(
      'instance name "a b" is not a valid identifier: identifier `a b` must match ^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$',
    );
  });

  it('allows 76 characters and refuses 77', () => {
    expect(() => validateInstanceName('a'.repeat(76))).not.toThrow();
    expect(() => validateInstanceName('a'.repeat(77))).toThrow(`identifier \`${'a'.repeat(77)}\` greater than maximum length (76 characters)`);
  });

  it.each([
    '..',
    '../etc',
    'a/../../b',
    '/abs',
    '~',
    '~root',
    'a;rm -rf /',
    '$(id)',
    '`id`',
    'a|b',
    'a&b',
    'a\nb',
    'a\0b',
    ' lead',
    'trail ',
    'ümlaut',
    'a*',
    '%2e%2e',
  ])('rejects the hostile name %j and never turns it into a path', (name) => {
    expect(() => instanceDir('/home/u/.lima', name)).toThrow('not a valid identifier');
  });

  it('joins a valid name under the home', () => {
    expect(instanceDir('/home/u/.lima', 'ubuntu-24.04')).toBe(path.join('/home/u/.lima', 'ubuntu-24.04'));
  });
});

describe('socket path length', () => {
  it('uses 104 on macOS and BSD, 108 on Linux', () => {
    expect(unixPathMax('darwin')).toBe(104);
    expect(unixPathMax('freebsd')).toBe(104);
    expect(unixPathMax('linux')).toBe(108);
  });

  it('refuses a directory whose ssh.sock.<16> path reaches UNIX_PATH_MAX', () => {
    // "/ssh.sock.1234567890123456" is 26 bytes: a dir of 81 bytes gives 107 (ok on Linux), 82 gives 108.
    const ok = `/${'d'.repeat(80)}`;
    const tooLong = `/${'d'.repeat(81)}`;
    expect(() => validateSocketPathLength('x', ok, 'linux')).not.toThrow();
    expect(() => validateSocketPathLength('x', tooLong, 'linux')).toThrow(
      `instance name "x" too long: "${tooLong}/ssh.sock.1234567890123456" must be less than UNIX_PATH_MAX=108 characters, but is 108`,
    );
    expect(() => validateSocketPathLength('x', ok, 'darwin')).toThrow('UNIX_PATH_MAX=104');
  });
});

describe('hostnameFor (Lima hostname_test vectors)', () => {
  it.each([
    ['default', 'lima-default'],
    ['ubuntu-24.04', 'lima-ubuntu-24-04'],
    ['foo_bar.baz', 'lima-foo-bar-baz'],
  ])('%s → %s', (name, host) => {
    expect(hostnameFor(name)).toBe(host);
  });
});
