/**
 * CodeMirror's default look is light only. This theme takes its colours from CSS variables
 * (set in config-editor.css for both colour schemes), so the editor follows the system theme
 * without rebuilding the view when the scheme changes.
 */
import { EditorView } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import type { Extension } from '@codemirror/state';

const base = EditorView.theme({
  '&': { backgroundColor: 'transparent', color: 'inherit' },
  '.cm-gutters': { backgroundColor: 'var(--limadesk-editor-gutter)', color: 'inherit', borderRight: 'none', opacity: '0.85' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--limadesk-editor-active-line)' },
  '.cm-cursor': { borderLeftColor: 'currentColor' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: 'var(--limadesk-editor-selection)' },
  '.cm-tooltip': { backgroundColor: 'var(--color-surface-raised)', color: 'var(--color-text)', border: '1px solid var(--limadesk-editor-border)' },
});

const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--limadesk-yaml-key)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--limadesk-yaml-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--limadesk-yaml-literal)' },
  { tag: [tags.comment, tags.lineComment], color: 'var(--limadesk-yaml-comment)', fontStyle: 'italic' },
  { tag: [tags.punctuation, tags.separator, tags.operator], color: 'var(--limadesk-yaml-punctuation)' },
  { tag: [tags.meta, tags.typeName, tags.labelName], color: 'var(--limadesk-yaml-meta)' },
]);

export const editorTheme: Extension = [base, syntaxHighlighting(highlight)];
