import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { limaHome } from './lima-home';
import { useTempDir } from '../../../test/support/temp-dir';

let dir: string;
useTempDir('limahome-', (d) => (dir = d));

describe('limaHome', () => {
  it('defaults to ~/.lima', () => {
    expect(limaHome({}, () => '/nonexistent-home')).toBe('/nonexistent-home/.lima');
  });

  it('uses $LIMA_HOME, resolving symlinks when it exists', async () => {
    const real = path.join(dir, 'real');
    await mkdir(real);
    await symlink(real, path.join(dir, 'link'));
    expect(limaHome({ LIMA_HOME: path.join(dir, 'link') })).toBe(await import('node:fs/promises').then((f) => f.realpath(real)));
  });

  it('keeps a $LIMA_HOME that does not exist yet as given (made absolute)', () => {
    expect(limaHome({ LIMA_HOME: path.join(dir, 'later') })).toBe(path.join(dir, 'later'));
  });

  it('ignores an empty $LIMA_HOME like Lima does', () => {
    expect(limaHome({ LIMA_HOME: '' }, () => '/h')).toBe('/h/.lima');
  });
});
