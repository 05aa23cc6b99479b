// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { EditorView } from '@codemirror/view';
import { EditorSelection } from '@codemirror/state';
import { forEachDiagnostic } from '@codemirror/lint';
import { undo } from '@codemirror/commands';
import { startCompletion, currentCompletions } from '@codemirror/autocomplete';
import './jsdom-shim';
import { YamlEditor } from './YamlEditor';
import { minimalChange, toDiagnostics } from './editor-sync';
import type { JsonSchema } from './schema-help';

afterEach(cleanup);

function viewOf(container: HTMLElement): EditorView {
  const dom = container.querySelector<HTMLElement>('.cm-editor');
  const view = dom && EditorView.findFromDOM(dom);
  if (!view) throw new Error('no CodeMirror view rendered');
  return view;
}

const SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    cpus: { type: 'integer', description: 'Number of CPUs' },
    cpuType: { type: 'object' },
    video: { type: 'object', properties: { display: { enum: ['none', 'vnc'] } } },
  },
};

describe('editor sync helpers', () => {
  it('finds the smallest replacement', () => {
    expect(minimalChange('cpus: 2\nmemory: 4GiB\n', 'cpus: 4\nmemory: 4GiB\n')).toEqual({ from: 6, to: 7, insert: '4' });
    expect(minimalChange('a', 'a')).toBeUndefined();
    expect(minimalChange('', 'x: 1')).toEqual({ from: 0, to: 0, insert: 'x: 1' });
  });

  it('turns line and column into ranges over the token', () => {
    const text = 'cpus: 2\nmemory: lots\n';
    expect(toDiagnostics(text, [{ severity: 'error', message: 'bad size', line: 2, col: 9 }])[0]).toMatchObject({ from: 16, to: 20 });
    expect(toDiagnostics(text, [{ severity: 'warning', message: 'whole line', line: 1 }])[0]).toMatchObject({ from: 0, to: 7 });
    // Lines past the end clamp to the last line instead of throwing.
    expect(toDiagnostics(text, [{ severity: 'error', message: 'x', line: 99, col: 1 }])[0]).toMatchObject({ from: 21, to: 21 });
  });
});

describe('YamlEditor', () => {
  it('reports typing and applies external changes without losing the cursor or the undo history', () => {
    const onChange = vi.fn();
    const { container, rerender } = render(<YamlEditor value={'cpus: 2\nmemory: 4GiB\n'} onChange={onChange} label="lima.yaml" />);
    const view = viewOf(container);
    expect(view.contentDOM.getAttribute('aria-label')).toBe('lima.yaml');

    // The user types at the end of the memory line.
    view.dispatch({ changes: { from: 20, insert: ' # more' }, selection: EditorSelection.cursor(27), userEvent: 'input.type' });
    expect(onChange).toHaveBeenLastCalledWith('cpus: 2\nmemory: 4GiB # more\n');

    // A form edit changes cpus; the cursor stays after "# more" and the change is not echoed back.
    onChange.mockClear();
    rerender(<YamlEditor value={'cpus: 4\nmemory: 4GiB # more\n'} onChange={onChange} label="lima.yaml" />);
    expect(view.state.doc.toString()).toBe('cpus: 4\nmemory: 4GiB # more\n');
    expect(view.state.selection.main.head).toBe(27);
    expect(onChange).not.toHaveBeenCalled();

    // Undo history survives the external change: undo takes back the form edit first, then the typing.
    undo(view);
    expect(view.state.doc.toString()).toBe('cpus: 2\nmemory: 4GiB # more\n');
  });

  it('shows validator marks as diagnostics at the right place', () => {
    const text = 'cpus: 2\nmemory: lots\n';
    const { container } = render(
      <YamlEditor value={text} onChange={() => undefined} label="lima.yaml" marks={[{ severity: 'error', message: 'memory: not a size', line: 2, col: 9 }]} />,
    );
    const found: { from: number; to: number; message: string }[] = [];
    forEachDiagnostic(viewOf(container).state, (d, from, to) => found.push({ from, to, message: d.message }));
    expect(found).toEqual([{ from: 16, to: 20, message: 'memory: not a size' }]);
  });

  it('completes keys from the schema', async () => {
    const { container } = render(<YamlEditor value={'cp'} onChange={() => undefined} label="lima.yaml" schema={SCHEMA} />);
    const view = viewOf(container);
    view.dispatch({ selection: EditorSelection.cursor(2) });
    view.focus();
    startCompletion(view);
    await vi.waitFor(() => expect(currentCompletions(view.state).map((c) => c.label)).toEqual(['cpus', 'cpuType']));
  });
});
