import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Protected } from '../store/filenames';
import { requireInstance } from './require-instance';

/**
 * `limactl protect` / `unprotect`: an empty, read-only `protected` file in the instance
 * directory, which delete and factory-reset refuse to go past. Returns whether anything
 * changed (protecting a protected instance is no error, as in Lima).
 */
export async function setProtected(limaHome: string, name: string, wanted: boolean): Promise<boolean> {
  const inst = await requireInstance(limaHome, name);
  if (inst.protected === wanted) return false;
  const file = path.join(inst.dir, Protected);
  if (wanted) await writeFile(file, '', { mode: 0o400 });
  else await rm(file, { force: true });
  return true;
}
