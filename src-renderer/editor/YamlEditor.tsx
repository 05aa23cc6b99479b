/**
 * CodeMirror 6 over a controlled `value`. The view owns the live text while the user types;
 * a `value` that differs from the view (a form edit, a merge, a reload) is applied as one
 * minimal change so the cursor, selection and undo history survive.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { Annotation, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { autocompletion } from '@codemirror/autocomplete';
import { minimalChange, toDiagnostics } from './editor-sync';
import type { EditorMark } from './editor-sync';
import { editorTheme } from './editor-theme';
import { flashLines, revealRange } from './flash-lines';
import type { RevealRange } from './flash-lines';
import './yaml-editor.css';
import { schemaCompletions, schemaHover } from './schema-extensions';
import type { JsonSchema } from './schema-help';

/** Marks transactions that came in through `value`, so they are not reported back as typing. */
const fromProps = Annotation.define<boolean>();

export interface YamlEditorProps {
  value: string;
  onChange: (text: string) => void;
  marks?: readonly EditorMark[];
  schema?: JsonSchema;
  label: string;
  readOnly?: boolean;
  /** A range to scroll to and tint; a new object each time it should happen again. */
  reveal?: RevealRange | undefined;
}

export function YamlEditor({ value, onChange, marks = [], schema, label, readOnly = false, reveal }: YamlEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  const schemaRef = useRef(schema);
  useLayoutEffect(() => {
    onChangeRef.current = onChange;
    schemaRef.current = schema;
  });

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          yaml(),
          editorTheme,
          flashLines,
          lintGutter(),
          autocompletion({ override: [schemaCompletions(() => schemaRef.current)] }),
          schemaHover(() => schemaRef.current),
          EditorState.readOnly.of(readOnly),
          // Focusable even when read-only, so the keyboard can reach and scroll a long file.
          EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            if (update.transactions.some((tr) => tr.annotation(fromProps))) return;
            onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // The view is created once; later `value`, `marks` and `schema` changes go through the effects below.
  }, [label, readOnly]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const change = minimalChange(view.state.doc.toString(), value);
    if (change) view.dispatch({ changes: change, annotations: fromProps.of(true) });
  }, [value]);

  // After the value effect above, so the range is measured in the text it belongs to.
  useEffect(() => {
    const view = viewRef.current;
    if (view && reveal) revealRange(view, reveal);
  }, [reveal]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    view.dispatch(setDiagnostics(view.state, toDiagnostics(view.state.doc.toString(), marks)));
  }, [marks, value]);

  return <div ref={hostRef} className="limadesk-yaml-editor" data-testid="yaml-editor" />;
}
