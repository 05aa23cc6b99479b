/**
 * `--set` for lima.yaml: the part of yq (v4) that Lima's documentation, its edit flags and
 * its tests use, run over the file's YAML tree so that comments and layout stay. What is
 * outside the subset is refused with the expression, the column and the reason.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseDocument } from 'yaml';
import { valueAt } from './document-edit';
import { YqError } from './errors';
import { YqEvaluator } from './evaluate';
import { parseYq } from './parser';

export { YqError };

export interface YqResult {
  text: string;
  /** False when the expressions leave every value as it was (the text is then returned unchanged). */
  changed: boolean;
}

const KEY_OPENING_BLOCK = /^(\s*)[^\s#-][^#]*:\s*(#.*)?$/;
const SEQUENCE_ITEM = /^(\s*)-(\s|$)/;

/** Whether the text indents block lists under their key ("key:\n  - a") or not ("key:\n- a", Lima's style). */
function indentsSequences(text: string): boolean | undefined {
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

/**
 * Applies the expressions in order (as Lima joins them with `|`) to a YAML text. The result
 * keeps comments and blank lines, and writes lists the way the text already does.
 */
export function applyYqExpressions(text: string, expressions: readonly string[]): YqResult {
  if (expressions.length === 0) return { text, changed: false };
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new YqError(`the YAML cannot be read: ${first.message.split('\n')[0] ?? first.code}`, expressions.join(' | '));
  }
  const before = valueAt(doc, []);
  for (const expression of expressions) {
    const results = new YqEvaluator(doc, expression).run(parseYq(expression));
    if (results.some((r) => r.path === undefined || r.path.length !== 0)) {
      throw new YqError('it evaluates to a value instead of changing the file; assign with "=", e.g. .cpus = 2', expression);
    }
  }
  if (isDeepStrictEqual(valueAt(doc, []), before)) return { text, changed: false };
  const out = doc.toString({ lineWidth: 0, indentSeq: indentsSequences(text) ?? true });
  // The yaml package drops blank lines before the first comment; they were the user's.
  const leading = /^\n*/.exec(text)?.[0] ?? '';
  return { text: out.startsWith('\n') ? out : leading + out, changed: true };
}
