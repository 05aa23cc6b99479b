/**
 * Where a template comes from. Locators are `template:NAME` (looked up along the template
 * search path), `file:///abs/path.yaml`, or a local path. Remote locators are recognised
 * so that the error can say they are not supported rather than "file not found".
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Lima refuses templates larger than this, and so do we. */
export const TEMPLATE_SIZE_LIMIT = 4 * 1024 * 1024;

export type ParsedLocator =
  | { kind: 'template'; name: string; warnings: string[] }
  | { kind: 'file'; path: string; warnings: string[] };

export class TemplateLocatorError extends Error {}

const REMOTE_SCHEME = /^(https?|github|url-[a-z0-9+.-]+):/i;

/** Split a locator into a template name or a local file; `baseDir` anchors relative paths. */
export function parseLocator(locator: string, baseDir: string): ParsedLocator {
  if (locator.startsWith('template:')) {
    const warnings: string[] = [];
    let name = locator.slice('template:'.length);
    if (name.startsWith('//')) {
      name = name.slice(2);
      warnings.push(`template locator "${locator}" uses the old form; write it as "template:${name}"`);
    }
    return { kind: 'template', name: templateFileName(name, locator), warnings };
  }
  if (locator.startsWith('file://')) {
    let filePath: string;
    try {
      filePath = fileURLToPath(locator);
    } catch (err) {
      throw new TemplateLocatorError(`invalid file URL "${locator}": ${(err as Error).message}`);
    }
    return { kind: 'file', path: filePath, warnings: [] };
  }
  if (locator === '-') {
    throw new TemplateLocatorError('reading a template from standard input is not supported; save it to a file first');
  }
  if (REMOTE_SCHEME.test(locator)) {
    throw new TemplateLocatorError(`remote template "${locator}" is not supported; download it and pass the local file`);
  }
  if (locator === '') {
    throw new TemplateLocatorError('empty template locator');
  }
  return { kind: 'file', path: path.resolve(baseDir, locator), warnings: [] };
}

function templateFileName(name: string, locator: string): string {
  if (name === '') throw new TemplateLocatorError(`template locator "${locator}" names no template`);
  if (name.includes('..')) throw new TemplateLocatorError(`template name "${name}" in "${locator}" must not contain ".."`);
  if (path.isAbsolute(name)) throw new TemplateLocatorError(`template name "${name}" in "${locator}" must be relative`);
  return path.extname(name) === '' ? `${name}.yaml` : name;
}

/** The instance name a template suggests: its base name, lower-cased, without `.yaml`/`.yml`. */
export function instanceNameFromPath(file: string): string {
  return path.basename(file).replace(/\.ya?ml$/i, '').toLowerCase();
}

/** Read a template file, refusing anything over the size limit before reading it. */
export async function readTemplateFile(file: string): Promise<string> {
  const handle = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new TemplateLocatorError(err.code === 'ENOENT' ? `template file "${file}" does not exist` : `cannot open template "${file}": ${err.message}`);
  });
  try {
    const { size, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) throw new TemplateLocatorError(`template "${file}" is not a regular file`);
    if (size > TEMPLATE_SIZE_LIMIT) {
      throw new TemplateLocatorError(`template "${file}" is ${size} bytes; the limit is ${TEMPLATE_SIZE_LIMIT} bytes (4 MiB)`);
    }
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
