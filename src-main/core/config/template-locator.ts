/**
 * Where a template comes from, as Lima reads locators: `template:NAME` (the template store),
 * `https://` and `http://` URLs, `file:///abs/path`, an image URL (`….qcow2`, `….img`, which
 * becomes a minimal template), or a local path. Relative locators inside a template are
 * resolved against the template's own location, whatever kind it is.
 */
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TemplateLocatorError } from './template-errors';
import { transformCustomLocator } from './template-plugins';
import { findTemplate, type TemplateSearchOptions } from './template-store';
import { identifierProblem } from './validate-files';

export { TemplateLocatorError } from './template-errors';

/** Lima refuses templates larger than this, and so do we. */
export const TEMPLATE_SIZE_LIMIT = 4 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 60_000;

interface UrlParts {
  scheme: string;
  /** `template:docker` → `docker`; undefined for `scheme://host/path`. */
  opaque?: string;
  host: string;
  path: string;
}

/** Go's url.Parse as far as locators need it; single-letter schemes are Windows drives, not URLs. */
function urlParts(locator: string): UrlParts | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(locator);
  if (!match || (match[1] ?? '').length < 2) return undefined;
  const scheme = (match[1] ?? '').toLowerCase();
  const rest = match[2] ?? '';
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    return { scheme, host: slash === -1 ? rest.slice(2) : rest.slice(2, slash), path: slash === -1 ? '' : rest.slice(slash) };
  }
  if (rest.startsWith('/')) return { scheme, host: '', path: rest };
  return { scheme, opaque: rest, host: '', path: '' };
}

/** Locators with an image file extension, optionally compressed, become a template of one image. */
const IMAGE_URL = /\.(img|qcow2|raw|iso|ipsw)(\.(gz|xz|bz2|zstd))?$/;

export type ParsedLocator =
  | { kind: 'template'; name: string; locator: string }
  | { kind: 'url'; url: string; locator: string }
  | { kind: 'file'; path: string; locator: string }
  | { kind: 'image'; url: string; locator: string };

/** Classify a locator; `warnings` gets Lima's note about the old `template://` spelling. */
export function parseLocator(locator: string, warnings: string[] = []): ParsedLocator {
  if (locator === '') throw new TemplateLocatorError('empty template locator');
  if (locator === '-') throw new TemplateLocatorError('reading a template from standard input is not supported; save it to a file first');
  const url = urlParts(locator);
  if (url?.scheme === 'template' && url.opaque === undefined) {
    const fixed = `template:${path.posix.join(url.host, url.path)}`;
    warnings.push(`Template locator "${locator}" should be written "${fixed}" since Lima v2.0`);
    return parseLocator(fixed, warnings);
  }
  if (IMAGE_URL.test(locator)) return { kind: 'image', url: locator, locator };
  if (url?.scheme === 'template') {
    const name = url.opaque ?? '';
    if (name === '') throw new TemplateLocatorError(`template locator "${locator}" names no template`);
    return { kind: 'template', name, locator };
  }
  if (url?.scheme === 'http' || url?.scheme === 'https') return { kind: 'url', url: locator, locator };
  if (url?.scheme === 'file') {
    const filePath = locator.slice('file://'.length);
    if (!path.isAbsolute(filePath)) throw new TemplateLocatorError(`file URL "${locator}" is not an absolute path`);
    try {
      return { kind: 'file', path: fileURLToPath(locator), locator };
    } catch {
      return { kind: 'file', path: filePath, locator };
    }
  }
  if (url?.scheme === 'github') {
    throw new TemplateLocatorError(`"${locator}": github: locators are not supported; use the file's https://raw.githubusercontent.com/… URL`);
  }
  if (url !== undefined) {
    throw new TemplateLocatorError(`"${locator}": the scheme "${url.scheme}:" needs a limactl-url-${url.scheme} plugin`);
  }
  return { kind: 'file', path: path.resolve(expandTilde(locator)), locator };
}

function expandTilde(p: string): string {
  if (p === '~') return os.homedir();
  return p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : p;
}

/** The "directory" of a locator, which relative locators inside it are resolved against. */
export function locatorBase(locator: string): string {
  const url = urlParts(locator);
  if (url) {
    const dir = (p: string): string => {
      const d = path.posix.dirname(p);
      return d === '.' ? '' : d;
    };
    if (url.opaque !== undefined) return `${url.scheme}:${dir(url.opaque)}`;
    return `${url.scheme}://${dir(path.posix.join(url.host, url.path))}`;
  }
  return path.dirname(path.resolve(expandTilde(locator)));
}

/** A locator as it reads from anywhere: relative ones joined to `base` (see locatorBase). */
export function absoluteLocator(locator: string, base: string): string {
  if (locator === '') throw new TemplateLocatorError('locator is empty');
  if (urlParts(locator)) return locator;
  const expanded = expandTilde(locator);
  if (path.isAbsolute(expanded)) return path.normalize(expanded);
  if (locator.includes('../') || locator.includes('..\\')) {
    throw new TemplateLocatorError(`relative locator path "${locator}" must not contain '..' path segments`);
  }
  const url = urlParts(base);
  if (url) {
    if (url.opaque !== undefined || (url.scheme === 'template' && url.host === '')) return `${url.scheme}:${path.posix.join(url.opaque ?? '', locator)}`;
    return new URL(locator, `${base.replace(/\/?$/, '/')}`).toString();
  }
  return path.join(base, locator);
}

/** The instance name a template file suggests: its base name, lower-cased, without `.yaml`/`.yml`. */
export function instanceNameFromPath(file: string): string {
  return path.posix.basename(file.split(path.sep).join('/')).toLowerCase().replace(/\.yml$/, '').replace(/\.yaml$/, '');
}

export interface ReadTemplate {
  /** The locator in its canonical form (an absolute path for files). */
  locator: string;
  text: string;
  /** The instance name the locator suggests; undefined when it is not a valid name. */
  name?: string;
  /** Where the text came from: a file path or a URL. */
  source: string;
}

export interface ReadOptions extends TemplateSearchOptions {
  /** The host's architecture in Lima's naming, for image URLs that do not say theirs. */
  hostArch?: string;
  /** Where warnings go (the old `template://` spelling, guessed image architecture). */
  warnings?: string[];
}

/** Read any locator, at most TEMPLATE_SIZE_LIMIT bytes. */
export async function readLocator(locator: string, opts: ReadOptions): Promise<ReadTemplate> {
  const warnings = opts.warnings ?? [];
  const parsed = parseLocator(await transformCustomLocator(locator, opts.env), warnings);
  switch (parsed.kind) {
    case 'image':
      return imageTemplate(parsed.url, opts.hostArch ?? 'x86_64', warnings);
    case 'template': {
      const found = await findTemplate(parsed.name, opts);
      return { locator: parsed.locator, text: await readTemplateFile(found.file), ...nameOf(parsed.name), source: found.file };
    }
    case 'url':
      return { locator: parsed.url, text: await download(parsed.url), ...nameOf(new URL(parsed.url).pathname), source: parsed.url };
    case 'file':
      return { locator: parsed.locator.startsWith('file:') ? parsed.locator : parsed.path, text: await readTemplateFile(parsed.path), ...nameOf(parsed.path), source: parsed.path };
  }
}

function nameOf(p: string): { name?: string } {
  const name = instanceNameFromPath(decodeURIComponent(p));
  return identifierProblem(name) === undefined ? { name } : {};
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

/** GET a template over HTTP(S), stopping at the size limit. */
async function download(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (err) {
    const cause = (err as { cause?: Error }).cause?.message;
    throw new TemplateLocatorError(`cannot download template "${url}": ${cause ?? (err as Error).message}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new TemplateLocatorError(`cannot download template "${url}": HTTP ${response.status} ${response.statusText}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > TEMPLATE_SIZE_LIMIT) {
      await reader?.cancel();
      throw new TemplateLocatorError(`template "${url}" is larger than the limit of ${TEMPLATE_SIZE_LIMIT} bytes (4 MiB)`);
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const ARCH_KEYWORDS: ReadonlyArray<[string, string]> = [
  ['aarch64', 'aarch64'], ['amd64', 'x86_64'], ['arm64', 'aarch64'], ['armhf', 'armv7l'], ['armv7l', 'armv7l'],
  ['ppc64el', 'ppc64le'], ['ppc64le', 'ppc64le'], ['riscv64', 'riscv64'], ['s390x', 's390x'], ['x86_64', 'x86_64'],
];
const GENERIC_TAGS = [
  'base', 'basic', 'cloud', 'cloudimg', 'cloudinit', 'current', 'daily', 'default', 'generic', 'genericcloud', 'kvm',
  'latest', 'linux', 'minimal', 'openstack', 'release', 'restore', 'server', 'std', 'stream', 'uefi', 'vm',
];

/** An image URL as a template: the image, its architecture (from the file name) and its OS. */
function imageTemplate(url: string, hostArch: string, warnings: string[]): ReadTemplate {
  const guestOs = /\bFreeBSD\b/i.test(url) ? 'FreeBSD' : /\bmacOS\b/i.test(url) || /\.ipsw\b/i.test(url) ? 'Darwin' : 'Linux';
  let arch = ARCH_KEYWORDS.find(([keyword]) => new RegExp(`\\b${keyword}\\b`).test(url))?.[1];
  if (!arch) {
    arch = guestOs === 'Darwin' ? 'aarch64' : hostArch;
    if (guestOs !== 'Darwin') warnings.push(`cannot determine image arch from URL "${url}"; assuming "${arch}"`);
  }
  const text = `os: ${JSON.stringify(guestOs)}\narch: ${JSON.stringify(arch)}\nimages:\n- location: ${JSON.stringify(url)}\n  arch: ${JSON.stringify(arch)}\n`;
  const name = instanceNameFromImageUrl(url, arch, arch === hostArch);
  return { locator: url, text, ...(identifierProblem(name) === undefined ? { name } : {}), source: url };
}

/** Lima's instance name for an image: the file name without format, generic tags, native arch and dates. */
export function instanceNameFromImageUrl(url: string, arch: string, nativeArch: boolean): string {
  let name = path.posix.basename(url).toLowerCase().replace(IMAGE_URL, '').replace(/^nocloud_/, '');
  for (const tag of GENERIC_TAGS) name = name.replace(new RegExp(`[-_.]${tag}\\b`, 'g'), '');
  name = name.replace('universalmac_', 'macos-').replace('arm64-aarch64', 'arm64');
  if (nativeArch) name = name.replace(new RegExp(`[-_.]${arch}\\b`, 'g'), '');
  name = name.replace(/[-_.]20\d{6}([-_.]\d+)?\b/g, '').replace(/^arch\b/, 'archlinux');
  name = name.replace(/-(\d+)-(\d+)\./g, (whole, a: string, b: string) => (a === b ? `-${a}.` : whole));
  return name.replace(/^(macos-[\d.]+)[-_].*$/, '$1');
}
