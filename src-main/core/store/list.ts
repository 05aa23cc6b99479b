import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { detectHost } from '../config/host';
import { loadLimaYaml, readConfigLayers } from '../config/load';
import { parseLimaYamlCached } from '../config/parse-cache';
import { inspectInstance, type InspectDeps } from './inspect';
import { brokenInstance, type Instance } from './instance';
import { validateInstanceName } from './names';

/**
 * Names of the instance directories under `limaHome`, in Lima's order (byte order, as Go's
 * os.ReadDir returns them). Entries starting with `_` (Lima's own dirs) or `.` (hidden, and
 * Limadesk's in-progress creations) and non-directories are skipped. No home → no instances.
 */
export async function instanceNames(limaHome: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(limaHome, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Every instance with its status. A directory that is not a valid instance is listed as Broken. */
export async function listInstances(limaHome: string, deps: InspectDeps = {}): Promise<Instance[]> {
  const names = await instanceNames(limaHome);
  // Neither the host nor _config/{default,override}.yaml change between two instances of one
  // listing; probing and reading them once instead of per instance is much of a long list's time.
  const host = detectHost();
  const layers = await readConfigLayers(limaHome);
  // Inspection only reads what it loads, so unchanged files need not be parsed again.
  const shared: InspectDeps = { loadConfig: (args) => loadLimaYaml({ ...args, host, layers, parse: parseLimaYamlCached }), ...deps };
  return Promise.all(names.map((name) => inspectListed(limaHome, name, shared)));
}

async function inspectListed(limaHome: string, name: string, deps: InspectDeps): Promise<Instance> {
  try {
    validateInstanceName(name);
  } catch (err) {
    // A directory someone made by hand under an invalid name: show it, never derive paths from it beyond its own dir.
    return brokenInstance(name, path.join(limaHome, name), [(err as Error).message]);
  }
  return inspectInstance(limaHome, name, deps);
}
