/**
 * Locators inside a template: `base` entries and the `file` of provision steps and probes.
 * Relative ones are made absolute against the template's own location before it is embedded
 * anywhere, and `file` references are replaced by the file's content (`script`, `content`
 * or `expression`, by mode), as `limactl create` does.
 */
import { isMap, isScalar, isSeq, Scalar, type Document, type Pair } from 'yaml';
import { isUnset, keyOf, pairOf, rootMap, stringOf, valueOf } from './template-doc';
import { absoluteLocator, locatorBase, type ReadTemplate } from './template-locator';

/** Rewrite relative locators in `doc` (read from `locator`) as absolute ones. */
export function useAbsoluteLocators(doc: Document, locator: string): void {
  const base = locatorBase(locator);
  const root = rootMap(doc);
  const bases = valueOf(root, 'base');
  for (const item of isSeq(bases) ? bases.items : isUnset(bases) ? [] : [bases]) rewriteLocator(item, base);
  for (const list of ['probes', 'provision']) {
    const entries = valueOf(root, list);
    if (!isSeq(entries)) continue;
    for (const entry of entries.items) rewriteLocator(valueOf(entry, 'file'), base);
  }
}

function rewriteLocator(node: unknown, base: string): void {
  const target = isMap(node) ? valueOf(node, 'url') : node;
  const url = stringOf(target);
  if (url === undefined || !isScalar(target)) return;
  target.value = absoluteLocator(url, base);
}

/** Which field a provision step's file becomes, or undefined when the step already has it. */
function provisionTarget(step: unknown): string | undefined {
  const mode = stringOf(valueOf(step, 'mode')) ?? 'system';
  if (mode === 'data') return pairOf(step, 'content') && !isUnset(valueOf(step, 'content')) ? undefined : 'content';
  if (mode === 'yq') return pairOf(step, 'expression') && !isUnset(valueOf(step, 'expression')) ? undefined : 'expression';
  return stringOf(valueOf(step, 'script')) ? undefined : 'script';
}

/**
 * Replace `file:` of provision steps and probes by the file's text. A probe or step that
 * already has its script keeps it (validation then reports the conflict).
 */
export async function embedAllScripts(doc: Document, read: (locator: string) => Promise<ReadTemplate>): Promise<void> {
  const root = rootMap(doc);
  const jobs: Array<{ entry: unknown; field: string }> = [];
  const probes = valueOf(root, 'probes');
  if (isSeq(probes)) {
    for (const entry of probes.items) if (!isUnset(valueOf(entry, 'file')) && !stringOf(valueOf(entry, 'script'))) jobs.push({ entry, field: 'script' });
  }
  const provision = valueOf(root, 'provision');
  if (isSeq(provision)) {
    for (const entry of provision.items) {
      const field = isUnset(valueOf(entry, 'file')) ? undefined : provisionTarget(entry);
      if (field) jobs.push({ entry, field });
    }
  }
  for (const { entry, field } of jobs) {
    const pair = pairOf(entry, 'file') as Pair;
    const fileNode = pair.value;
    const url = stringOf(isMap(fileNode) ? valueOf(fileNode, 'url') : fileNode);
    if (url === undefined) continue;
    const { text } = await read(url);
    // The file's key becomes the script's, in place, so its comments stay where they were.
    if (isMap(entry)) entry.items = (entry.items as Pair[]).filter((p) => p === pair || keyOf(p) !== field);
    pair.key = Object.assign(new Scalar(field), isScalar(pair.key) ? { commentBefore: pair.key.commentBefore, comment: pair.key.comment } : {});
    pair.value = scriptNode(text, fileNode);
  }
}

/** Text that YAML cannot carry as printable characters goes in base64 as `!!binary`, as in Lima. */
function scriptNode(text: string, replaced: unknown): Scalar {
  const node = new Scalar(text);
  // Go's unicode.IsPrint: no control or format characters, no spaces but U+0020 (so no tabs).
  const encode = [...text].some((c) => c !== '\n' && c !== ' ' && /[\p{C}\p{Z}]/u.test(c)) || text.split('\n').some((line) => line.length >= 65_000);
  if (encode) {
    node.value = (Buffer.from(text).toString('base64').match(/.{1,76}/g) ?? []).join('\n');
    node.tag = 'tag:yaml.org,2002:binary';
    node.type = Scalar.BLOCK_LITERAL;
  } else if (text.includes('\n')) {
    node.type = Scalar.BLOCK_LITERAL;
  }
  if (isScalar(replaced) && replaced.comment) node.comment = replaced.comment;
  return node;
}
