/**
 * Writes a yaml Document back the way its source was written. The yaml package indents block
 * sequences under their key by default ("key:\n  - item"); many lima.yaml files, Lima's own
 * templates included, write "key:\n- item". Re-indenting every list on the first form edit
 * would turn a one-field change into a whole-file diff, so the source's style is kept.
 */
import type { Document } from 'yaml';

const KEY_OPENING_BLOCK = /^(\s*)[^\s#-][^#]*:\s*(#.*)?$/;
const SEQUENCE_ITEM = /^(\s*)-(\s|$)/;

/** Whether the source indents a block sequence deeper than its key; undefined when it has none. */
export function sourceIndentsSequences(text: string): boolean | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const key = KEY_OPENING_BLOCK.exec(lines[i] ?? '');
    if (!key) continue;
    const next = lines.slice(i + 1).find((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    const item = next === undefined ? null : SEQUENCE_ITEM.exec(next);
    if (item) return (item[1] ?? '').length > (key[1] ?? '').length;
  }
  return undefined;
}

export function serializeLike(doc: Document, sourceText: string): string {
  return doc.toString({ lineWidth: 0, indentSeq: sourceIndentsSequences(sourceText) ?? true });
}
