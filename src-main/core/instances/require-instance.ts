import { lstat } from 'node:fs/promises';
import { inspectInstance, type InspectDeps } from '../store/inspect';
import type { Instance } from '../store/instance';
import { instanceDir } from '../store/names';
import { InstanceNotFoundError } from './errors';

/** Inspects an instance that must exist: no directory → InstanceNotFoundError, not a Broken entry. */
export async function requireInstance(limaHome: string, name: string, deps?: InspectDeps): Promise<Instance> {
  const dir = instanceDir(limaHome, name);
  try {
    await lstat(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new InstanceNotFoundError(name);
    throw err;
  }
  return inspectInstance(limaHome, name, deps);
}
