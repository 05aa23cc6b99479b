import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sshPortFromConfig } from '../store/ssh-config';
import { renderSshConfig, writeSshConfig } from './ssh-config-file';
import { useTempDir } from '../../../test/support/temp-dir';

let dir: string;
useTempDir('limadesk-ssh-', (d) => (dir = d));

describe('ssh.config', () => {
  it('has the Host, paths and Port lines Lima writes', () => {
    const text = renderSshConfig({ name: 'my_vm.1', dir: '/h/.lima/my_vm.1', limaHome: '/h/.lima', user: 'alice', port: 60022 });
    expect(text).toContain('Host lima-my-vm-1\n');
    expect(text).toContain('  IdentityFile "/h/.lima/_config/user"\n');
    expect(text).toContain('  ControlPath "/h/.lima/my_vm.1/ssh.sock"\n');
    expect(text).toContain('  User alice\n');
    expect(text.endsWith('  Hostname 127.0.0.1\n  Port 60022\n')).toBe(true);
  });

  it('is read back by the status rules', async () => {
    const file = await writeSshConfig({ name: 'vm', dir, limaHome: path.dirname(dir), user: 'bob', port: 41234 });
    expect(await sshPortFromConfig(file)).toBe(41234);
  });

  it('refuses a path that would break the file', () => {
    expect(() => renderSshConfig({ name: 'vm', dir: '/a\nb', limaHome: '/h', user: 'u', port: 1 })).toThrow('line break');
  });
});
