import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Debian's kernel package ships no modules.dep (depmod runs in its postinst), so the
// dependencies are read from each module's own .modinfo strings ("depends=a,b").

/** Module names treat '-' and '_' as the same character, as modprobe does. */
export function normalizeModuleName(name: string): string {
  return name.replace(/-/g, '_');
}

function listModuleFiles(dir: string, found: Map<string, string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listModuleFiles(path, found);
    else if (entry.name.endsWith('.ko')) found.set(normalizeModuleName(entry.name.slice(0, -3)), path);
  }
}

/** Reads the comma-separated "depends=" entry of a module's .modinfo section. */
export function readModuleDepends(moduleFile: string): string[] {
  const bytes = readFileSync(moduleFile);
  const marker = Buffer.from('\0depends=');
  const start = bytes.indexOf(marker);
  if (start < 0) throw new Error(`${moduleFile}: no "depends=" entry in .modinfo; is this a kernel module?`);
  const valueStart = start + marker.length;
  const valueEnd = bytes.indexOf(0, valueStart);
  const value = bytes.subarray(valueStart, valueEnd < 0 ? undefined : valueEnd).toString('utf8');
  return value.split(',').filter((name) => name !== '').map(normalizeModuleName);
}

export interface ResolvedModule {
  name: string;
  /** Absolute path on the host. */
  file: string;
  /** Path relative to the modules root, e.g. kernel/drivers/acpi/button.ko. */
  relativePath: string;
}

/**
 * Returns the wanted modules and everything they depend on, dependencies first, so that
 * loading them in this order with insmod always succeeds. Names absent as files are listed
 * in `builtIn` when the kernel has them compiled in, and rejected otherwise.
 */
export function resolveModules(modulesRoot: string, wanted: readonly string[]): ResolvedModule[] {
  const files = new Map<string, string>();
  listModuleFiles(join(modulesRoot, 'kernel'), files);
  const builtIn = new Set(
    readFileSync(join(modulesRoot, 'modules.builtin'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => normalizeModuleName(line.replace(/^.*\//, '').replace(/\.ko$/, ''))),
  );

  const ordered: ResolvedModule[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (rawName: string, neededBy: string): void => {
    const name = normalizeModuleName(rawName);
    if (done.has(name)) return;
    const file = files.get(name);
    if (file === undefined) {
      if (builtIn.has(name)) return;
      throw new Error(`kernel module "${name}" (needed by ${neededBy}) is neither a .ko under ${modulesRoot} nor built in`);
    }
    if (visiting.has(name)) throw new Error(`kernel module dependency cycle through "${name}"`);
    visiting.add(name);
    for (const dep of readModuleDepends(file)) visit(dep, name);
    visiting.delete(name);
    done.add(name);
    ordered.push({ name, file, relativePath: relative(modulesRoot, file) });
  };
  for (const name of wanted) visit(name, 'the test guest');
  return ordered;
}
