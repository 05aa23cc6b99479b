/**
 * Finding and reading lima.yaml templates: `template:NAME` along the search path, local
 * files and `file://` URLs, with `base:` chains embedded so that the result is one
 * self-contained lima.yaml.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { embedBases, type BaseLoader, type YamlMap } from './template-embed';
import { renderEmbedded } from './template-render';
import { instanceNameFromPath, parseLocator, readTemplateFile, TemplateLocatorError } from './template-locator';

export { TemplateLocatorError } from './template-locator';
export { TemplateEmbedError } from './template-embed';

export interface TemplateSearchOptions {
  limaHome: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface ResolvedTemplate {
  /** The instance name the template suggests. */
  name: string;
  /** The lima.yaml text, with any `base:` templates embedded. */
  text: string;
  warnings: string[];
  /** The absolute path the template was read from. */
  source: string;
}

/**
 * The templates shipped with Limadesk. Found by walking up from this module's directory,
 * which is `src-main/core/config` when run from source and `out/cli` in the bundle.
 * `LIMADESK_ASSETS_DIR` points elsewhere (packaged apps keep assets in resources/).
 */
export function bundledTemplatesDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
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

/** `LIMA_TEMPLATES_PATH` (colon-separated) if set, else `<limaHome>/_templates` then the bundled ones. */
export function templateSearchPath(opts: TemplateSearchOptions): string[] {
  const fromEnv = opts.env.LIMA_TEMPLATES_PATH;
  if (fromEnv) return fromEnv.split(path.delimiter).filter((dir) => dir !== '');
  return [path.join(opts.limaHome, '_templates'), bundledTemplatesDir(opts.env)];
}

async function locate(locator: string, baseDir: string, opts: TemplateSearchOptions): Promise<{ file: string; warnings: string[] }> {
  const parsed = parseLocator(locator, baseDir);
  if (parsed.kind === 'file') return { file: parsed.path, warnings: parsed.warnings };
  const searched = templateSearchPath(opts);
  for (const dir of searched) {
    const file = path.join(dir, parsed.name);
    if (existsSync(file)) return { file, warnings: parsed.warnings };
  }
  throw new TemplateLocatorError(`template "${parsed.name}" not found in ${searched.join(', ')}`);
}

export async function resolveTemplate(locator: string, opts: TemplateSearchOptions): Promise<ResolvedTemplate> {
  const { file, warnings } = await locate(locator, process.cwd(), opts);
  const text = await readTemplateFile(file);
  const name = instanceNameFromPath(file);
  const doc = parseDocument(text, file);
  if (doc === undefined || doc.base === undefined || doc.base === null) {
    return { name, text, warnings, source: file };
  }
  const load: BaseLoader = async (baseLocator, fromId) => {
    const located = await locate(baseLocator, path.dirname(fromId), opts);
    warnings.push(...located.warnings);
    return { id: located.file, doc: parseDocument(await readTemplateFile(located.file), located.file) ?? {} };
  };
  const embedded = await embedBases(doc, file, load);
  return { name, text: renderEmbedded(text, embedded), warnings, source: file };
}

/** Parse just enough to see `base:`; full parsing with positions happens in the loader. */
function parseDocument(text: string, file: string): YamlMap | undefined {
  let value: unknown;
  try {
    value = parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    throw new TemplateLocatorError(`cannot parse template "${file}": ${(err as Error).message}`);
  }
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new TemplateLocatorError(`template "${file}" must be a YAML mapping at the top level`);
  }
  return value as YamlMap;
}

export interface TemplateEntry {
  /** What to write after `template:`, e.g. `ubuntu` or `experimental/vnc`. */
  name: string;
  file: string;
}

/**
 * Every template on the search path, first occurrence of a name winning, sorted by name.
 * Building blocks (any path part starting with `_`) are left out.
 */
export async function listTemplates(opts: TemplateSearchOptions): Promise<TemplateEntry[]> {
  const found = new Map<string, string>();
  for (const dir of templateSearchPath(opts)) {
    for (const relative of await yamlFilesUnder(dir)) {
      const name = relative.split(path.sep).join('/').replace(/\.yaml$/, '');
      if (name.split('/').some((part) => part.startsWith('_'))) continue;
      if (!found.has(name)) found.set(name, path.join(dir, relative));
    }
  }
  return [...found].map(([name, file]) => ({ name, file })).sort((a, b) => a.name.localeCompare(b.name));
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}
