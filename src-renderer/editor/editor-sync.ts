/**
 * Pure helpers between the editor's React props and CodeMirror: the smallest change that turns
 * one text into another (so an external change keeps the cursor and the undo history), and
 * line/column marks turned into character ranges.
 */
import { Text } from '@codemirror/state';
import type { Diagnostic } from '@codemirror/lint';

export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

/** One replacement covering only the part between the common prefix and the common suffix. */
export function minimalChange(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  let start = 0;
  const limit = Math.min(before.length, after.length);
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { from: start, to: endBefore, insert: after.slice(start, endAfter) };
}

/** A problem to show in the editor, from our validator or from the YAML parser. */
export interface EditorMark {
  severity: 'error' | 'warning';
  message: string;
  /** 1-based. */
  line: number;
  col?: number;
  /** Exact character range when known (parser errors); otherwise the range is worked out from line/col. */
  from?: number;
  to?: number;
}

/** Marks as CodeMirror diagnostics; a mark without a column underlines its whole line. */
export function toDiagnostics(text: string, marks: readonly EditorMark[]): Diagnostic[] {
  const doc = Text.of(text.split('\n'));
  return marks.map((mark) => {
    if (mark.from !== undefined) {
      const from = Math.min(mark.from, doc.length);
      const to = Math.min(Math.max(mark.to ?? from, from), doc.length);
      return { from, to, severity: mark.severity, message: mark.message, source: 'lima.yaml' };
    }
    const line = doc.line(Math.min(Math.max(mark.line, 1), doc.lines));
    if (mark.col === undefined) {
      return { from: line.from, to: line.to, severity: mark.severity, message: mark.message, source: 'lima.yaml' };
    }
    const from = Math.min(line.from + Math.max(mark.col - 1, 0), line.to);
    const rest = line.text.slice(from - line.from);
    // Underline the token at the column (up to the next space or `:`), at least one character.
    const tokenLength = /^[^\s:#]*/.exec(rest)?.[0].length ?? 0;
    const to = Math.min(from + Math.max(tokenLength, 1), line.to);
    return { from, to, severity: mark.severity, message: mark.message, source: 'lima.yaml' };
  });
}
