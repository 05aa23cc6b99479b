import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sshPortFromConfig } from './ssh-config';
import { useTempDir } from '../../../test/support/temp-dir';

let dir: string;
useTempDir('sshcfg-', (d) => (dir = d));

describe('sshPortFromConfig (Lima instance_test vectors)', () => {
  it('reads the Port line', async () => {
    const file = path.join(dir, 'ssh.config');
    await writeFile(file, 'Host lima-default\n  IdentityFile "/x/_config/user"\n  Hostname 127.0.0.1\n  Port 58786\n  User me\n');
    expect(await sshPortFromConfig(file)).toBe(58786);
  });

  it('keeps ENOENT for a missing file', async () => {
    await expect(sshPortFromConfig(path.join(dir, 'ssh.config'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('says "port not found" without a Port line', async () => {
    const file = path.join(dir, 'ssh.config');
    await writeFile(file, 'Host lima-default\n  Hostname 127.0.0.1\n');
    await expect(sshPortFromConfig(file)).rejects.toThrow('port not found');
  });

  it('says "invalid syntax" for a non-numeric port', async () => {
    const file = path.join(dir, 'ssh.config');
    await writeFile(file, 'Port abc\n');
    await expect(sshPortFromConfig(file)).rejects.toThrow('invalid syntax');
  });
});
