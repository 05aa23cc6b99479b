import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Lima's cache root, so both tools share one download cache: Go's `os.UserCacheDir()` plus
 * "lima". On Linux that is `$XDG_CACHE_HOME` (only when absolute; Go rejects a relative one)
 * or `~/.cache`; on macOS `~/Library/Caches`; on Windows `%LocalAppData%`.
 */
export function limaCacheDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: () => string = homedir,
): string {
  if (platform === 'darwin') return path.join(home(), 'Library', 'Caches', 'lima');
  if (platform === 'win32') {
    const local = env.LocalAppData ?? env.LOCALAPPDATA;
    if (!local) throw new Error('cannot find the cache directory: %LocalAppData% is not set');
    return path.join(local, 'lima');
  }
  const xdg = env.XDG_CACHE_HOME;
  if (xdg) {
    if (!path.isAbsolute(xdg)) throw new Error(`cannot find the cache directory: $XDG_CACHE_HOME (${JSON.stringify(xdg)}) must be an absolute path`);
    return path.join(xdg, 'lima');
  }
  return path.join(home(), '.cache', 'lima');
}

/**
 * Limadesk's own cache, beside Lima's (`~/.cache/limadesk`, `~/Library/Caches/limadesk`):
 * what it learns of the host's tools. Undefined when the cache root cannot be found, as
 * nothing in it is needed.
 */
export function limadeskCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: () => string = homedir): string | undefined {
  try {
    return path.join(path.dirname(limaCacheDir(env, platform, home)), 'limadesk');
  } catch {
    return undefined;
  }
}
