/**
 * Draws the eye to a range of the YAML: scrolls it into view and tints its lines for a moment
 * (a CSS animation, static under prefers-reduced-motion). Used for what a form edit changed and
 * for the line a problem points at.
 */
import { StateEffect, StateField } from '@codemirror/state';
import type { EditorState, Extension, Range } from '@codemirror/state';
import { Decoration, EditorView } from '@codemirror/view';
import type { DecorationSet } from '@codemirror/view';

export interface RevealRange {
  from: number;
  to: number;
}

const flashEffect = StateEffect.define<RevealRange>();
const flashLine = Decoration.line({ class: 'limadesk-flash' });

function linesOf(state: EditorState, { from, to }: RevealRange): DecorationSet {
  const start = state.doc.lineAt(Math.min(from, state.doc.length));
  const end = state.doc.lineAt(Math.min(Math.max(to, from), state.doc.length));
  const ranges: Range<Decoration>[] = [];
  for (let n = start.number; n <= end.number; n++) ranges.push(flashLine.range(state.doc.line(n).from));
  return Decoration.set(ranges);
}

const flashField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const effect of tr.effects) if (effect.is(flashEffect)) next = linesOf(tr.state, effect.value);
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export const flashLines: Extension = flashField;

/** Scrolls the range to the middle of the editor and tints its lines. */
export function revealRange(view: EditorView, range: RevealRange): void {
  const from = Math.min(range.from, view.state.doc.length);
  view.dispatch({ effects: [flashEffect.of(range), EditorView.scrollIntoView(from, { y: 'center' })] });
}

/** The character range of a 1-based line, for revealing it. */
export function lineRange(text: string, line: number): RevealRange {
  const lines = text.split('\n');
  const n = Math.min(Math.max(line, 1), lines.length);
  let from = 0;
  for (let i = 0; i < n - 1; i++) from += (lines[i]?.length ?? 0) + 1;
  return { from, to: from + (lines[n - 1]?.length ?? 0) };
}
