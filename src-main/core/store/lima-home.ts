import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * `$LIMA_HOME`, or `~/.lima`. Symlinks are resolved when the directory exists, as Lima does,
 * so that instance directories compare equal however the home was reached.
 */
export function limaHome(env: NodeJS.ProcessEnv, home: () => string = homedir): string {
  const configured = env.LIMA_HOME;
  const dir = configured ? path.resolve(configured) : path.join(home(), '.lima');
  try {
    return realpathSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return dir;
    throw new Error(`cannot evaluate symlinks in "${dir}": ${(err as Error).message}`, { cause: err });
  }
}
