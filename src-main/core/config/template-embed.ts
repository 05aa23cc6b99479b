/**
 * Embedding `base:` templates as Lima 2.x does (`limatmpl.Embed`). Bases are read in order,
 * each with its own bases embedded first (depth first), and merged under the template:
 *
 * - a field the template has (even `null`) wins; maps are merged key by key, and fields only
 *   the base has are added after the template's own, with their comments;
 * - lists are the template's entries followed by the base's, except `base`, `provision` and
 *   `probes`, where the base's come first;
 * - `dns` comes from the base only when the template's list is missing or empty;
 * - the higher `minimumLimaVersion` and `vmOpts.qemu.minimumVersion` win;
 * - `mountTypesUnsupported` loses duplicates.
 *
 * Once every base is in, entries of `additionalDisks`, `mounts` and `networks` that share a
 * key are combined (template-combine.ts), and `file:` references of provision steps and
 * probes are inlined (template-scripts.ts). A base seen twice is a loop; the error names the
 * chain of templates that led to it.
 */
import semver from 'semver';
import { isMap, isScalar, isSeq, Scalar, YAMLSeq, type Document, type Pair, type YAMLMap } from 'yaml';
import { combineListEntries } from './template-combine';
import {
  clonePair, cloneNode, copyComments, copyHeadComment, deletePair, isUnset, keyOf, pairOf, parseTemplateDoc, rootMap, stringOf, valueAt, valueOf,
} from './template-doc';
import { TemplateEmbedError } from './template-errors';
import { TEMPLATE_SIZE_LIMIT, type ReadTemplate } from './template-locator';
import { embedAllScripts, useAbsoluteLocators } from './template-scripts';
import { versionAtLeastLima } from './version';

export { TemplateEmbedError } from './template-errors';

export interface EmbedContext {
  /** Reads a (canonical) locator. */
  read(locator: string): Promise<ReadTemplate>;
  /** `$LIMA_HOME/_config/base.yaml` when it exists and should be embedded first. */
  defaultBase?: string;
}

interface Template {
  locator: string;
  doc: Document;
}

/** Lists whose base entries go before the template's. */
const PREPENDED_LISTS = new Set(['base', 'provision', 'probes']);

/**
 * Embed all bases and scripts of `text` (read from `locator`). Returns the text unchanged
 * when there was nothing to embed or combine, as Lima leaves such a template untouched.
 */
export async function embedTemplate(text: string, locator: string, ctx: EmbedContext): Promise<string> {
  const doc = parseTemplateDoc(text, locator);
  const before = doc.toString();
  const top: Template = { locator, doc };
  useAbsoluteLocators(top.doc, top.locator);
  if (ctx.defaultBase !== undefined) prependBase(top.doc, ctx.defaultBase);
  await embedAllBases(top, ctx, new Set([locator]), [locator]);
  combineListEntries(top.doc);
  const after = doc.toString();
  if (after === before) return text;
  const out = `${doc.toString({ indentSeq: false, lineWidth: 0 }).trimEnd()}\n`;
  if (Buffer.byteLength(out) > TEMPLATE_SIZE_LIMIT) throw new TemplateEmbedError(`template "${locator}" embedding exceeded the size limit (${TEMPLATE_SIZE_LIMIT} bytes)`);
  return out;
}

interface BaseLocator {
  url: string;
  digest?: string;
}

/** `base:` as a list of locators: a string, a `{url, digest}` map, or a list of either. */
export function baseLocators(doc: Document, source: string): BaseLocator[] {
  const node = valueOf(rootMap(doc), 'base');
  if (isUnset(node)) return [];
  const items = isSeq(node) ? node.items : [node];
  return items.map((item, i) => {
    const url = isMap(item) ? stringOf(valueOf(item, 'url')) : stringOf(item);
    if (url === undefined || url === '') throw new TemplateEmbedError(`base[${i}] in "${source}" must be a locator string or a map with a "url"`);
    const digest = isMap(item) ? stringOf(valueOf(item, 'digest')) : undefined;
    return digest === undefined ? { url } : { url, digest };
  });
}

function prependBase(doc: Document, locator: string): void {
  const root = rootMap(doc);
  const existing = pairOf(root, 'base');
  const seq = new YAMLSeq();
  seq.items.push(new Scalar(locator));
  if (existing && !isUnset(existing.value)) {
    if (isSeq(existing.value)) seq.items.push(...existing.value.items);
    else seq.items.push(existing.value);
  }
  if (existing) existing.value = seq;
  else root.items.unshift(doc.createPair('base', seq));
}

async function embedAllBases(t: Template, ctx: EmbedContext, seen: Set<string>, chain: string[]): Promise<void> {
  for (;;) {
    const [first] = baseLocators(t.doc, t.locator);
    if (!first) break;
    if (first.digest !== undefined) {
      throw new TemplateEmbedError(`base "${first.url}" in "${t.locator}" has specified a digest; digest support is not yet implemented`);
    }
    const path = [...chain, first.url];
    if (seen.has(first.url)) {
      throw new TemplateEmbedError(`base template loop detected: template "${first.url}" is already included (${path.join(' → ')})`);
    }
    seen.add(first.url);
    const read = await ctx.read(first.url);
    const base: Template = { locator: read.locator, doc: parseTemplateDoc(read.text, read.source) };
    useAbsoluteLocators(base.doc, base.locator);
    await embedAllBases(base, ctx, seen, path);
    mergeBase(t.doc, base.doc);
    checkSize(t);
  }
  await embedAllScripts(t.doc, (locator) => ctx.read(locator));
  checkSize(t);
}

function checkSize(t: Template): void {
  // Cheap bound first: the rendered text is never much smaller than the source ranges.
  const size = Buffer.byteLength(t.doc.toString());
  if (size > TEMPLATE_SIZE_LIMIT) throw new TemplateEmbedError(`template "${t.locator}" embedding exceeded the size limit (${TEMPLATE_SIZE_LIMIT} bytes)`);
}

/** Merge `baseDoc` under `doc`, removing the first entry of `doc`'s `base`. */
export function mergeBase(doc: Document, baseDoc: Document): void {
  const a = rootMap(doc);
  const b = rootMap(baseDoc);
  keepHigherVersion(a, b, ['minimumLimaVersion'], (x, y) => versionAtLeastLima(x, y));
  keepHigherVersion(a, b, ['vmOpts', 'qemu', 'minimumVersion'], (x, y) => {
    const vx = semver.coerce(x);
    const vy = semver.coerce(y);
    return !vx || !vy || semver.gte(vx, vy);
  });
  dropFirstBase(a);
  deletePair(b, 'base');
  const dns = valueOf(a, 'dns');
  if (isSeq(dns) && dns.items.length > 0) deletePair(b, 'dns');
  mergeMaps(a, b, []);
  const unsupported = valueOf(a, 'mountTypesUnsupported');
  if (isSeq(unsupported)) {
    const seenValues = new Set<unknown>();
    unsupported.items = unsupported.items.filter((item) => {
      const value = isScalar(item) ? item.value : item;
      if (seenValues.has(value)) return false;
      seenValues.add(value);
      return true;
    });
  }
  // A base that is only comments still contributes them, at the end.
  if (baseDoc.comment) doc.comment = doc.comment ? `${doc.comment}\n${baseDoc.comment}` : baseDoc.comment;
  if (b.items.length === 0 && baseDoc.commentBefore) doc.comment = doc.comment ? `${doc.comment}\n${baseDoc.commentBefore}` : baseDoc.commentBefore;
}

/** When both set `path` and the base's is higher, the base's value (and its comment) wins. */
function keepHigherVersion(a: YAMLMap, b: YAMLMap, path: string[], atLeast: (x: string, y: string) => boolean): void {
  const mine = stringOf(valueAt(a, path));
  const theirs = stringOf(valueAt(b, path));
  if (mine === undefined || theirs === undefined || atLeast(mine, theirs)) return;
  const parent = path.length === 1 ? a : valueAt(a, path.slice(0, -1));
  const basePair = pairOf(path.length === 1 ? b : valueAt(b, path.slice(0, -1)), path[path.length - 1] as string);
  const pair = pairOf(parent, path[path.length - 1] as string);
  if (!pair || !basePair) return;
  pair.value = cloneNode(basePair.value as Scalar);
  if (isScalar(pair.key) && isScalar(basePair.key)) pair.key.commentBefore = basePair.key.commentBefore;
}

function dropFirstBase(a: YAMLMap): void {
  const base = valueOf(a, 'base');
  if (isSeq(base) && base.items.length > 1) base.items.splice(0, 1);
  else deletePair(a, 'base');
}

function mergeMaps(a: YAMLMap, b: YAMLMap, path: string[]): void {
  for (const bPair of b.items as Pair[]) {
    const key = keyOf(bPair);
    if (key === undefined) continue;
    const aPair = pairOf(a, key);
    if (!aPair) {
      a.items.push(clonePair(bPair));
      continue;
    }
    const av = aPair.value;
    const bv = bPair.value;
    if (isMap(av) && isMap(bv)) {
      copyHeadComment(aPair.key, bPair.key);
      mergeMaps(av, bv, [...path, key]);
    } else if (isSeq(av) && isSeq(bv)) {
      const copies = bv.items.map((item) => (item && typeof item === 'object' && 'clone' in item ? (item as { clone(): unknown }).clone() : item));
      if (PREPENDED_LISTS.has(path[0] ?? key)) av.items.unshift(...copies);
      else av.items.push(...copies);
      copyHeadComment(aPair.key, bPair.key);
      copyComments(av, bv);
    }
    // Anything else, null included: the template's value stands.
  }
}
