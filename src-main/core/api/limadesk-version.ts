import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * This build's version, from the package.json of the program that runs (found by walking up
 * from its script, as the CLI bundle and the app both sit below it); 'unknown' otherwise.
 */
export function limadeskVersion(scriptPath: string | undefined = process.argv[1]): string {
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
