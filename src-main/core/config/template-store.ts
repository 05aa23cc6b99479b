/**
 * The template store: the directories `template:NAME` is looked up in, and the names they
 * hold. The order is Lima's: `LIMA_TEMPLATES_PATH` when set, otherwise `$LIMA_HOME/_templates`
 * and the templates of a Lima installation (`<prefix>/share/lima/templates`, found next to
 * `limactl` on PATH). Limadesk's bundled templates come last in every case, so that the names
 * Lima users type always resolve.
 */
import { accessSync, constants, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { closestName } from './field-path';
import { TemplateLocatorError, TemplateNotFoundError } from './template-errors';

export type TemplateEnv = Readonly<Record<string, string | undefined>>;

export interface TemplateSearchOptions {
  limaHome: string;
  env: TemplateEnv;
}

/**
 * The templates shipped with Limadesk. Found by walking up from this module's directory,
 * which is `src-main/core/config` when run from source and `out/cli` in the bundle.
 * `LIMADESK_ASSETS_DIR` points elsewhere (packaged apps keep assets in resources/).
 */
export function bundledTemplatesDir(env: TemplateEnv = process.env): string {
  const override = env.LIMADESK_ASSETS_DIR;
  if (override) return path.join(override, 'templates');
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'assets', 'templates');
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the bundled templates: no assets/templates above ${__dirname}; set LIMADESK_ASSETS_DIR`);
    dir = parent;
  }
}

/** The first executable `name` on PATH, or undefined. */
export function findOnPath(name: string, env: TemplateEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The installation prefixes of the `limactl` first on PATH: the PATH entry's parent, and the
 * parent of the real binary's directory when it is a symlink (Homebrew links bin/limactl into
 * its Cellar). This is where Lima looks for its own share/ and libexec/ directories.
 */
export function limaInstallPrefixes(env: TemplateEnv): string[] {
  const limactl = findOnPath('limactl', env);
  if (!limactl) return [];
  const prefixes = [path.dirname(path.dirname(limactl))];
  try {
    const real = path.dirname(path.dirname(realpathSync(limactl)));
    if (!prefixes.includes(real)) prefixes.push(real);
  } catch {
    // a dangling link has no second location
  }
  return prefixes;
}

/** `<prefix>/share/lima/templates` of the Lima installation on PATH; only non-empty directories count. */
export function limaInstallTemplateDirs(env: TemplateEnv): string[] {
  const found: string[] = [];
  for (const prefix of limaInstallPrefixes(env)) {
    const dir = path.join(prefix, 'share', 'lima', 'templates');
    try {
      if (readdirSync(dir).length > 0 && !found.includes(dir)) found.push(dir);
    } catch {
      // no templates there
    }
  }
  return found;
}

export function templateSearchPath(opts: TemplateSearchOptions): string[] {
  const fromEnv = opts.env.LIMA_TEMPLATES_PATH;
  const limaDirs = fromEnv
    ? fromEnv.split(path.delimiter).filter((dir) => dir !== '')
    : [path.join(opts.limaHome, '_templates'), ...limaInstallTemplateDirs(opts.env)];
  let bundled: string;
  try {
    bundled = bundledTemplatesDir(opts.env);
  } catch {
    // A build without its assets still reads the user's and Lima's templates.
    return limaDirs;
  }
  return limaDirs.includes(bundled) ? limaDirs : [...limaDirs, bundled];
}

/**
 * The file names a template name can stand for. Lima appends `.yaml` when the name has no
 * extension or its "extension" starts with a digit, so `_images/ubuntu-24.04` is
 * `_images/ubuntu-24.04.yaml` while `docker.sh` stays as written. A name with any other
 * dotted suffix (`alpine-3.x`) is tried with `.yaml` too when the file as named is absent:
 * a name is a name, not a file extension.
 */
export function templateFileNames(name: string): string[] {
  const ext = path.posix.extname(name);
  if (ext.length < 2 || /[0-9]/.test(ext[1] ?? '')) return [`${name}.yaml`];
  if (ext === '.yaml' || ext === '.yml') return [name];
  return [name, `${name}.yaml`];
}

export interface FoundTemplate {
  file: string;
  /** The name as a locator would write it, `.yaml` included when the file has it. */
  fileName: string;
}

/** Finds `name` along the search path; throws TemplateNotFoundError naming the path and what exists. */
export async function findTemplate(name: string, opts: TemplateSearchOptions): Promise<FoundTemplate> {
  if (name.includes('..')) throw new TemplateLocatorError(`template name "${name}" must not contain ".."`);
  if (name === '') throw new TemplateLocatorError('empty template name');
  if (path.posix.isAbsolute(name) || path.win32.isAbsolute(name)) throw new TemplateLocatorError(`template name "${name}" must be relative to the template directories`);
  const searched = templateSearchPath(opts);
  for (const fileName of templateFileNames(name)) {
    for (const dir of searched) {
      const file = path.join(dir, ...fileName.split('/'));
      if (existsSync(file)) return { file, fileName };
    }
  }
  throw new TemplateNotFoundError(await notFoundMessage(name, searched));
}

async function notFoundMessage(name: string, searched: string[]): Promise<string> {
  const wanted = name.replace(/\.ya?ml$/, '');
  const isPart = wanted.split('/').some((part) => part.startsWith('_'));
  const all = await templateNamesIn(searched);
  // For a building block (`_images/…`), list the blocks beside it; otherwise the templates one can create from.
  const folder = path.posix.dirname(wanted);
  const candidates = isPart ? all.filter((n) => path.posix.dirname(n) === folder) : all.filter((n) => !isBuildingBlock(n));
  const hint = closestName(wanted, candidates);
  const lines = [
    `template "${wanted}" not found${hint ? ` (did you mean "${hint}"?)` : ''}`,
    `searched: ${searched.join(path.delimiter)}`,
    candidates.length > 0 ? `${isPart ? `templates in ${folder}/` : 'available templates'}: ${candidates.join(', ')}` : 'no templates exist there',
  ];
  return lines.join('\n');
}

/** Parts of other templates (any path element starting with `_`), not meant to be created directly. */
export function isBuildingBlock(name: string): boolean {
  return name.split('/').some((part) => part.startsWith('_'));
}

export interface StoreEntry {
  /** What to write after `template:`, e.g. `ubuntu`, `experimental/vnc`, `_images/ubuntu-24.04`. */
  name: string;
  file: string;
}

/** Every `.yaml` file along the search path, first occurrence of a name winning, sorted by name. */
export async function storeEntries(searched: readonly string[]): Promise<StoreEntry[]> {
  const found = new Map<string, string>();
  for (const dir of searched) {
    for (const relative of await yamlFilesUnder(dir)) {
      const name = relative.split(path.sep).join('/').replace(/\.yaml$/, '');
      if (!found.has(name)) found.set(name, path.join(dir, relative));
    }
  }
  return [...found].map(([name, file]) => ({ name, file })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function templateNamesIn(searched: readonly string[]): Promise<string[]> {
  return (await storeEntries(searched)).map((e) => e.name);
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
  return entries
    // Lima's own templates are partly symlinks (alpine.yaml → alpine-3.23.yaml).
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.yaml') && !entry.name.startsWith('.'))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter((relative) => !relative.split(path.sep).some((part) => part.startsWith('.')));
}
