import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Lima's rule: anything without "://", or with file://, is a local file and is never cached. */
export function isLocalLocation(location: string): boolean {
  return !location.includes('://') || location.toLowerCase().startsWith('file://');
}

/** A local lima.yaml `location` as an absolute path (`~` expanded); `field` names it in errors. */
export function localLocationPath(location: string, field: string, home: () => string = homedir): string {
  if (location.toLowerCase().startsWith('file://')) {
    try {
      return fileURLToPath(location);
    } catch (err) {
      throw new Error(`field \`${field}\`: ${JSON.stringify(location)} is not a usable file URL: ${(err as Error).message}`, { cause: err });
    }
  }
  if (location === '~' || location.startsWith('~/')) return path.join(home(), location.slice(1));
  if (!path.isAbsolute(location)) throw new Error(`field \`${field}\`: ${JSON.stringify(location)} must be an absolute path, a file:// URL or an http(s) URL`);
  return location;
}
