/**
 * Writing an embedded template back out as text. The template's own document is kept, with
 * its comments, and only the top-level fields that embedding changed are replaced, so that
 * `lima.yaml` of a new instance still reads like the template the user picked.
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, parseDocument, type Pair } from 'yaml';
import type { YamlMap } from './template-embed';

export function renderEmbedded(originalText: string, merged: YamlMap): string {
  const doc = parseDocument(originalText);
  const root = doc.contents;
  if (!isMap(root)) return doc.toString();
  const pairs = root.items as Pair[];
  for (let i = pairs.length - 1; i >= 0; i--) {
    const pair = pairs[i];
    const key = pair && isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (pair === undefined || key === undefined || Object.hasOwn(merged, key)) continue;
    // A comment written above the removed field (often the file's header) moves to what follows.
    const comment = isScalar(pair.key) ? pair.key.commentBefore : undefined;
    pairs.splice(i, 1);
    const next = pairs[i] ?? pairs[i - 1];
    if (comment && next && isScalar(next.key)) {
      next.key.commentBefore = next.key.commentBefore ? `${comment}\n${next.key.commentBefore}` : comment;
      // The blank line that separated it from the removed field would now open the file.
      if (i === 0) next.key.spaceBefore = false;
    } else if (comment) {
      doc.commentBefore = doc.commentBefore ? `${doc.commentBefore}\n${comment}` : comment;
    }
  }
  for (const [key, value] of Object.entries(merged)) {
    const existing = doc.get(key, true);
    const current: unknown = existing === undefined ? undefined : isScalar(existing) ? existing.value : (existing as { toJSON(): unknown }).toJSON();
    if (existing !== undefined && isDeepStrictEqual(current, value)) continue;
    doc.set(key, doc.createNode(value));
  }
  return doc.toString({ indentSeq: false, lineWidth: 0 });
}
