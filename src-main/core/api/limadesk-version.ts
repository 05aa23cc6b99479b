import { readFileSync } from 'node:fs';
import path from 'node:path';

// Set by the build (scripts/build.mjs) so that `limadesk --version` needs no file read.
declare const __LIMADESK_VERSION__: string | undefined;
const BUILT_VERSION = typeof __LIMADESK_VERSION__ === 'string' ? __LIMADESK_VERSION__ : undefined;

/**
 * This build's version: stamped in at build time, else from the package.json of the program that runs (found by walking up
 * from its script, as the CLI bundle and the app both sit below it); 'unknown' otherwise.
 */
export function limadeskVersion(scriptPath: string | undefined = process.argv[1]): string {
  if (BUILT_VERSION) return BUILT_VERSION;
  let dir = scriptPath ? path.dirname(path.resolve(scriptPath)) : process.cwd();
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'limadesk' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here; look one level up
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}
