import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { InstanceCatalog } from './catalog';
import { copyFiles, parseCopyEndpoint } from './copy';

let home: string;
useTempDir('copy-', (d) => (home = d));

describe('copy arguments', () => {
  it('reads NAME:PATH as the guest side and anything else as a host path', () => {
    expect(parseCopyEndpoint('default:/etc/os-release')).toEqual({ instance: 'default', path: '/etc/os-release' });
    expect(parseCopyEndpoint('vm-1:notes.txt')).toEqual({ instance: 'vm-1', path: 'notes.txt' });
    expect(parseCopyEndpoint('vm:')).toEqual({ instance: 'vm', path: '' });
    expect(parseCopyEndpoint('./a:b')).toEqual({ path: './a:b' });
    expect(parseCopyEndpoint('/abs/x:y')).toEqual({ path: '/abs/x:y' });
    expect(parseCopyEndpoint('plain.txt')).toEqual({ path: 'plain.txt' });
  });

  it('refuses, before connecting, what cannot be a copy between the host and one instance', async () => {
    await expect(copyFiles(home, ['a.txt'], 'b.txt')).rejects.toThrow('neither side names an instance');
    await expect(copyFiles(home, ['one:a'], 'two:b')).rejects.toThrow('"one" and "two" are both named');
    await expect(copyFiles(home, ['vm:a', 'b'], 'c')).rejects.toThrow('all sources must be on one side');
    await expect(copyFiles(home, [], 'vm:x')).rejects.toThrow('nothing to copy');
  });

  it('names the instance that does not exist, or is not running', async () => {
    await expect(copyFiles(home, ['a.txt'], 'ghost:/tmp/')).rejects.toThrow('instance "ghost" does not exist');
    await new InstanceCatalog(home).create('vm', 'images: [{location: /x.qcow2, arch: x86_64}]\narch: x86_64\n');
    await expect(copyFiles(home, ['a.txt'], 'vm:/tmp/')).rejects.toThrow('instance "vm" is not running (status Stopped): copying goes over its SSH server; start it first');
  });
});
