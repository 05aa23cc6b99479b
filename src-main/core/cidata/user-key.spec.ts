import { readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureUserKey } from './user-key';
import { useTempDir } from '../../../test/support/temp-dir';

let home: string;
useTempDir('ld-key-', (d) => (home = d));

describe('ensureUserKey with the real ssh-keygen', () => {
  it('makes an ed25519 pair commented "lima", the private half 0600, and leaves no temp files', async () => {
    const key = await ensureUserKey(home);
    expect(key.privateKeyPath).toBe(path.join(home, '_config', 'user'));
    expect(key.publicKey).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]+ lima$/);
    expect((await readFile(key.publicKeyPath, 'utf8')).trim()).toBe(key.publicKey);
    expect((await readFile(key.privateKeyPath, 'utf8'))).toContain('BEGIN OPENSSH PRIVATE KEY');
    expect((await stat(key.privateKeyPath)).mode & 0o777).toBe(0o600);
    expect((await readdir(path.join(home, '_config'))).sort()).toEqual(['user', 'user.pub']);
  });

  it('keeps an existing pair', async () => {
    await mkdir(path.join(home, '_config'));
    await writeFile(path.join(home, '_config', 'user'), 'existing private', { mode: 0o600 });
    await writeFile(path.join(home, '_config', 'user.pub'), 'ssh-ed25519 AAAAexisting lima\n');
    expect((await ensureUserKey(home)).publicKey).toBe('ssh-ed25519 AAAAexisting lima');
    expect(await readFile(path.join(home, '_config', 'user'), 'utf8')).toBe('existing private');
  });

  it('gives every concurrent caller the same pair', async () => {
    const keys = await Promise.all(Array.from({ length: 4 }, () => ensureUserKey(home)));
    expect(new Set(keys.map((k) => k.publicKey)).size).toBe(1);
    expect((await readdir(path.join(home, '_config'))).sort()).toEqual(['user', 'user.pub']);
  });

  it('says which tool is missing', async () => {
    await expect(ensureUserKey(home, 'ssh-keygen-that-does-not-exist')).rejects.toThrow(/ssh-keygen-that-does-not-exist is not installed/);
  });
});
