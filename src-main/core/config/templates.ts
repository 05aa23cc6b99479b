/**
 * Templates as `limactl create` and `limactl validate` read them: a locator is read (the
 * template store, a file, a URL), its `base:` chain and script files are embedded, and the
 * result is one self-contained lima.yaml.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BaseYAML, ConfigDir } from '../store/filenames';
import { embedTemplate } from './template-embed';
import { instanceNameFromPath, parseLocator, readLocator, type ReadTemplate } from './template-locator';
import { isBuildingBlock, storeEntries, templateSearchPath, type TemplateSearchOptions } from './template-store';
import { identifierProblem } from './validate-files';

export { TemplateEmbedError, TemplateLocatorError, TemplateNotFoundError } from './template-errors';
export { bundledTemplatesDir, limaInstallTemplateDirs, templateSearchPath, type TemplateSearchOptions } from './template-store';

export interface ResolveOptions extends TemplateSearchOptions {
  /**
   * Embed `$LIMA_HOME/_config/base.yaml` (when it exists) before the template's own bases, as
   * `limactl create` does; `limactl validate` does not. Default true.
   */
  defaultBase?: boolean;
  /** The host architecture in Lima's naming, for image URLs that do not name theirs. */
  hostArch?: string;
  /**
   * The template's text when the caller has it (an editor buffer); the locator then only says
   * where it lives, for its name and for the relative locators in it.
   */
  text?: string;
}

export interface ResolvedTemplate {
  /** The instance name the template suggests. */
  name: string;
  /** The lima.yaml text, with `base:` templates and script files embedded. */
  text: string;
  warnings: string[];
  /** Where the template was read from: an absolute path or a URL. */
  source: string;
  /** Every template read on the way, the template itself first, then its bases in the order read. */
  layers: ReadTemplate[];
}

export async function resolveTemplate(locator: string, opts: ResolveOptions): Promise<ResolvedTemplate> {
  const warnings: string[] = [];
  const readOpts = { ...opts, warnings };
  const top = opts.text === undefined ? await readLocator(locator, readOpts) : bufferTemplate(locator, opts.text);
  const layers: ReadTemplate[] = [top];
  const baseFile = path.join(opts.limaHome, ConfigDir, BaseYAML);
  const text = await embedTemplate(top.text, top.locator, {
    read: async (base) => {
      const read = await readLocator(base, readOpts);
      layers.push(read);
      return read;
    },
    ...(opts.defaultBase !== false && existsSync(baseFile) ? { defaultBase: baseFile } : {}),
  });
  return { name: top.name ?? instanceNameFromPath(top.source), text, warnings, source: top.source, layers };
}

/** A template given as text, standing at `locator` (a path or URL). */
function bufferTemplate(locator: string, text: string): ReadTemplate {
  const parsed = parseLocator(locator);
  const source = parsed.kind === 'file' ? parsed.path : parsed.locator;
  const name = instanceNameFromPath(source);
  return { locator: parsed.kind === 'file' ? parsed.path : parsed.locator, text, source, ...(identifierProblem(name) === undefined ? { name } : {}) };
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
  return (await storeEntries(templateSearchPath(opts))).filter((entry) => !isBuildingBlock(entry.name));
}
