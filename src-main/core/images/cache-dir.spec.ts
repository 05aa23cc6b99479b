import { describe, expect, it } from 'vitest';
import { limaCacheDir, limadeskCacheDir } from './cache-dir';

const home = (): string => '/home/u';

describe('limaCacheDir', () => {
  it('follows Go os.UserCacheDir as Lima does', () => {
    expect(limaCacheDir({}, 'linux', home)).toBe('/home/u/.cache/lima');
    expect(limaCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', home)).toBe('/xdg/lima');
    expect(limaCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'darwin', home)).toBe('/home/u/Library/Caches/lima');
  });

  it('refuses a relative XDG_CACHE_HOME, as Go does', () => {
    expect(() => limaCacheDir({ XDG_CACHE_HOME: 'rel' }, 'linux', home)).toThrow('$XDG_CACHE_HOME ("rel") must be an absolute path');
  });
});

describe('limadeskCacheDir', () => {
  it("sits beside Lima's, and is absent where no cache root can be found", () => {
    expect(limadeskCacheDir({}, 'linux', home)).toBe('/home/u/.cache/limadesk');
    expect(limadeskCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', home)).toBe('/xdg/limadesk');
    expect(limadeskCacheDir({}, 'darwin', home)).toBe('/home/u/Library/Caches/limadesk');
    expect(limadeskCacheDir({ XDG_CACHE_HOME: 'rel' }, 'linux', home)).toBeUndefined();
  });
});
