import { describe, expect, it } from 'vitest';
import { validateParams } from './api-validate';

const problem = (method: Parameters<typeof validateParams>[0], params: unknown): string => {
  const r = validateParams(method, params);
  return r.ok ? '' : r.message;
};

describe('parameters of the verbs', () => {
  it('accepts what the dashboard sends', () => {
    expect(problem('cloneInstance', { name: 'a', newName: 'b', set: ['.cpus = 2'] })).toBe('');
    expect(problem('createDisk', { name: 'data', size: '10GiB', format: 'raw' })).toBe('');
    expect(problem('copyToInstance', { name: 'a', hostPaths: ['/home/u/f.txt'], guestPath: '~/f.txt', recursive: false })).toBe('');
    expect(problem('editInstance', { name: 'a', cpus: 2, memory: 1.5 })).toBe('');
    expect(problem('watchUsage', { watcher: 'overview-1', names: ['a'] })).toBe('');
    expect(problem('setProtected', { name: 'a', protected: true })).toBe('');
  });

  it('refuses what would go wrong further in, naming the field', () => {
    expect(problem('cloneInstance', { name: 'a', newName: '../b' })).toMatch(/"newName" must be an instance name/);
    expect(problem('createDisk', { name: 'a/b', size: '1G' })).toMatch(/"name" must be a disk name/);
    expect(problem('createDisk', { name: 'd', size: '1G', format: 'vmdk' })).toMatch(/"format" must be "qcow2" or "raw"/);
    expect(problem('copyToInstance', { name: 'a', hostPaths: ['relative.txt'], guestPath: 'x' })).toMatch(/"hostPaths\[0\]" must be an absolute path/);
    expect(problem('copyToInstance', { name: 'a', hostPaths: [], guestPath: 'x' })).toMatch(/"hostPaths" must name at least one entry/);
    expect(problem('editInstance', { name: 'a', cpus: 0 })).toMatch(/"cpus" must be a whole number of CPUs/);
    expect(problem('editInstance', { name: 'a', set: '.cpus = 2' })).toMatch(/"set" must be a list/);
    expect(problem('setProtected', { name: 'a' })).toMatch(/"protected" must be true or false/);
    expect(problem('watchUsage', { watcher: 'a b' })).toMatch(/"watcher" must match/);
    expect(problem('openTunnel', { name: 'a', port: 70000 })).toMatch(/"port" must be a port number/);
  });
});
