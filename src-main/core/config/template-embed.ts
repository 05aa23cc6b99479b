/**
 * Embedding `base:` templates. A template may name bases; each base is read, its own bases
 * embedded first, and then merged under the template:
 *
 * - a field the template sets wins; maps are merged key by key;
 * - lists are the template's entries followed by the base's, except `provision` and
 *   `probes`, where the base's steps run first;
 * - `dns` comes from the base only when the template has none;
 * - the higher `minimumLimaVersion` and `vmOpts.qemu.minimumVersion` win;
 * - afterwards entries of `additionalDisks` (by name), `mounts` (by location) and
 *   `networks` (by interface) that share a key are combined: the earlier entry keeps its
 *   fields and gains the ones only the later entry has; a key of `*` applies the entry to
 *   every earlier one.
 *
 * Including the same base twice anywhere in the chain is reported as a loop.
 */
import { versionAtLeast } from './defaults-user';

export type YamlMap = Record<string, unknown>;

export interface LoadedBase {
  /** Canonical identity used for loop detection and for resolving the base's own bases. */
  id: string;
  doc: YamlMap;
}

/** Reads one base locator; `fromId` is the id of the template that names it. */
export type BaseLoader = (locator: string, fromId: string) => Promise<LoadedBase>;

export class TemplateEmbedError extends Error {}

const PREPENDED_LISTS = new Set(['base', 'provision', 'probes']);

export async function embedBases(doc: YamlMap, id: string, load: BaseLoader): Promise<YamlMap> {
  // Entries are combined only once the whole chain is merged, so that a `*` entry in a
  // base reaches the entries of every template above it.
  return combineListEntries(await mergeAllBases(doc, id, load, new Set([id])));
}

async function mergeAllBases(doc: YamlMap, id: string, load: BaseLoader, seen: Set<string>): Promise<YamlMap> {
  let current = doc;
  for (;;) {
    const bases = baseList(current.base, id);
    const first = bases[0];
    if (first === undefined) break;
    const base = await load(first, id);
    if (seen.has(base.id)) {
      throw new TemplateEmbedError(`base template loop: "${base.id}" is already included (named by "${id}")`);
    }
    seen.add(base.id);
    const embeddedBase = await mergeAllBases(base.doc, base.id, load, seen);
    const rest = bases.slice(1);
    const withoutFirst: YamlMap = { ...current };
    if (rest.length > 0) withoutFirst.base = rest;
    else delete withoutFirst.base;
    current = mergeUnder(withoutFirst, embeddedBase);
  }
  return current;
}

function baseList(value: unknown, id: string): string[] {
  if (value === undefined || value === null) return [];
  const entries = Array.isArray(value) ? (value as unknown[]) : [value];
  return entries.map((entry, i) => {
    if (typeof entry === 'string') return entry;
    if (isMap(entry)) {
      if (entry.digest !== undefined && entry.digest !== null) {
        throw new TemplateEmbedError(`base[${i}] in "${id}" has a digest; digests of base templates are not supported`);
      }
      const locator = entry.url ?? entry.location;
      if (typeof locator === 'string') return locator;
    }
    throw new TemplateEmbedError(`base[${i}] in "${id}" must be a locator string or a map with a "url"`);
  });
}

/** Merge `base` under `tmpl`; neither argument is modified. */
export function mergeUnder(tmpl: YamlMap, base: YamlMap): YamlMap {
  const merged = mergeValue(tmpl, base, []) as YamlMap;
  if (!isMissing(tmpl.dns)) merged.dns = tmpl.dns;
  const higherLima = higherVersion(tmpl.minimumLimaVersion, base.minimumLimaVersion);
  if (higherLima !== undefined) merged.minimumLimaVersion = higherLima;
  const tmplQemu = qemuMinimum(tmpl);
  const baseQemu = qemuMinimum(base);
  const higherQemu = higherVersion(tmplQemu, baseQemu);
  if (higherQemu !== undefined && higherQemu !== qemuMinimum(merged)) {
    const vmOpts = merged.vmOpts as YamlMap;
    vmOpts.qemu = { ...(vmOpts.qemu as YamlMap), minimumVersion: higherQemu };
  }
  if (Array.isArray(merged.mountTypesUnsupported)) {
    merged.mountTypesUnsupported = [...new Set(merged.mountTypesUnsupported as unknown[])];
  }
  return merged;
}

function mergeValue(a: unknown, b: unknown, path: string[]): unknown {
  if (isMissing(a)) return structuredClone(b);
  if (isMissing(b)) return structuredClone(a);
  if (Array.isArray(a) && Array.isArray(b)) {
    const top = path[0] ?? '';
    return structuredClone(PREPENDED_LISTS.has(top) ? [...b, ...a] : [...a, ...b]);
  }
  if (isMap(a) && isMap(b)) {
    const out: YamlMap = {};
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const value = mergeValue(a[key], b[key], [...path, key]);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  return structuredClone(a);
}

function qemuMinimum(doc: YamlMap): string | undefined {
  const vmOpts = doc.vmOpts;
  if (!isMap(vmOpts) || !isMap(vmOpts.qemu)) return undefined;
  const v = vmOpts.qemu.minimumVersion;
  return typeof v === 'string' ? v : undefined;
}

function higherVersion(a: unknown, b: unknown): string | undefined {
  const va = typeof a === 'string' ? a : undefined;
  const vb = typeof b === 'string' ? b : undefined;
  if (va === undefined) return vb;
  if (vb === undefined) return va;
  return versionAtLeast(va, vb) ? va : vb;
}

/** Combine list entries that share a key, once every base has been merged in. */
export function combineListEntries(doc: YamlMap): YamlMap {
  const out: YamlMap = { ...doc };
  if (Array.isArray(doc.additionalDisks)) {
    out.additionalDisks = combineByKey(doc.additionalDisks as unknown[], diskKey, (entry) => (typeof entry === 'string' ? { name: entry } : entry));
  }
  if (Array.isArray(doc.mounts)) out.mounts = combineByKey(doc.mounts as unknown[], (m) => stringField(m, 'location'));
  if (Array.isArray(doc.networks)) out.networks = combineByKey(doc.networks as unknown[], (n) => stringField(n, 'interface'));
  return out;
}

function diskKey(entry: unknown): string | undefined {
  return typeof entry === 'string' ? entry : stringField(entry, 'name');
}

function stringField(entry: unknown, key: string): string | undefined {
  if (!isMap(entry)) return undefined;
  const v = entry[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function combineByKey(entries: readonly unknown[], keyOf: (entry: unknown) => string | undefined, asMap: (entry: unknown) => unknown = (e) => e): unknown[] {
  const result: unknown[] = [];
  const indexByKey = new Map<string, number>();
  for (const entry of entries) {
    const key = keyOf(entry);
    const targets = key === '*' ? result.map((_, i) => i) : key !== undefined && indexByKey.has(key) ? [indexByKey.get(key) as number] : undefined;
    if (targets === undefined) {
      if (key !== undefined) indexByKey.set(key, result.length);
      result.push(structuredClone(entry));
      continue;
    }
    for (const i of targets) {
      const filled = fillMissing(asMap(result[i]), asMap(entry));
      // A bare disk name stays a string unless the later entry contributed fields.
      result[i] = typeof result[i] === 'string' && isMap(filled) && Object.keys(filled).length === 1 ? result[i] : filled;
    }
  }
  return result;
}

function fillMissing(dest: unknown, src: unknown): unknown {
  if (!isMap(dest) || !isMap(src)) return isMissing(dest) ? structuredClone(src) : dest;
  const out: YamlMap = { ...dest };
  for (const [key, value] of Object.entries(src)) {
    if (key === 'name' || key === 'location' || key === 'interface') {
      if (isMissing(out[key])) out[key] = value;
      continue;
    }
    out[key] = isMissing(out[key]) ? structuredClone(value) : isMap(out[key]) && isMap(value) ? fillMissing(out[key], value) : out[key];
  }
  return out;
}

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}
