// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { EditorView } from '@codemirror/view';
import { forEachDiagnostic } from '@codemirror/lint';
import './jsdom-shim';
import { ConfigEditor } from './ConfigEditor';
import { createDraftStorage } from './drafts';
import { MemoryBackend } from './memory-backend';

const FILE = `# Dev VM
cpus: 2 # small
memory: 4GiB
mounts:
  - location: "~" # home
`;

afterEach(cleanup);
beforeEach(() => window.localStorage.clear());

function editorView(): EditorView {
  const dom = document.querySelector<HTMLElement>('.cm-editor');
  const view = dom && EditorView.findFromDOM(dom);
  if (!view) throw new Error('no editor');
  return view;
}

function editorText(): string {
  return editorView().state.doc.toString();
}

function typeInEditor(from: number, to: number, insert: string) {
  act(() => editorView().dispatch({ changes: { from, to, insert }, userEvent: 'input.type' }));
}

/** The lines CodeMirror shows tinted as just changed or pointed at. */
function flashedLines(): string[] {
  return [...document.querySelectorAll('.cm-line.limadesk-flash')].map((l) => l.textContent ?? '');
}

async function open(backend: MemoryBackend, props: { running?: boolean; revealLine?: number; onRestart?: () => void } = {}, waitForForm = true) {
  const drafts = createDraftStorage(window.localStorage);
  const utils = render(<ConfigEditor name="dev" backend={backend} drafts={drafts} validateDelayMs={10} {...props} />);
  if (waitForForm) await screen.findByLabelText('CPUs');
  // CodeMirror's view is made in an effect after the form's render: wait for it too.
  await waitFor(() => editorView());
  return { ...utils, drafts };
}

describe('ConfigEditor', () => {
  it('shows a form edit in the YAML and saves it with the comments intact', async () => {
    const backend = new MemoryBackend(FILE);
    await open(backend);
    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '4' } });
    expect(editorText()).toBe(FILE.replace('cpus: 2', 'cpus: 4'));

    fireEvent.click(screen.getByRole('button', { name: 'Add mount' }));
    fireEvent.change(screen.getByLabelText('Mount 2 host directory'), { target: { value: '/srv' } });
    expect(editorText()).toContain('  - location: "/srv"');

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Saved\./);
    expect(backend.text).toBe(`# Dev VM\ncpus: 4 # small\nmemory: 4GiB\nmounts:\n  - location: "~" # home\n  - location: "/srv"\n`);
    await waitFor(() => expect(window.localStorage.length).toBe(0));
  });

  it('shows a text edit in the form', async () => {
    await open(new MemoryBackend(FILE));
    typeInEditor(FILE.indexOf('4GiB'), FILE.indexOf('4GiB') + 4, '8GiB');
    expect(screen.getByLabelText<HTMLInputElement>('Memory').value).toBe('8GiB');
  });

  it('explains an invalid value inline, refuses to save it and keeps the draft across a reopen', async () => {
    const backend = new MemoryBackend(FILE);
    const first = await open(backend);
    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '0' } });

    const cpus = screen.getByLabelText('CPUs');
    await waitFor(() => expect(cpus.getAttribute('aria-invalid')).toBe('true'));
    const explanation = document.getElementById(cpus.getAttribute('aria-describedby')!.split(' ').at(-1)!);
    expect(explanation?.textContent).toMatch(/positive whole number, got 0 \(line 2, column 1\)/);
    await waitFor(() => {
      const diagnostics: { from: number; message: string }[] = [];
      forEachDiagnostic(editorView().state, (d, from) => diagnostics.push({ from, message: d.message }));
      expect(diagnostics).toEqual([{ from: FILE.indexOf('cpus'), message: 'cpus: must be a positive whole number, got 0' }]);
    });

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Not saved: 1 problem .* Your draft is kept/);
    expect(backend.text).toBe(FILE);
    expect(first.drafts.load('dev')?.text).toBe(FILE.replace('cpus: 2', 'cpus: 0'));

    first.unmount();
    await open(backend);
    expect(screen.getByRole('status').textContent).toMatch(/Restored your unsaved draft/);
    expect(editorText()).toBe(FILE.replace('cpus: 2', 'cpus: 0'));
  });

  it('drops a save outcome once the text changes again', async () => {
    await open(new MemoryBackend(FILE));
    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/Not saved: 1 problem/);
    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '1' } });
    expect(screen.queryByText(/Not saved/)).toBeNull();
  });

  it('disables the form while the YAML does not parse and says where', async () => {
    const backend = new MemoryBackend(FILE);
    await open(backend);
    typeInEditor(FILE.length, FILE.length, 'memory: [\n');
    expect(screen.getByRole('alert').textContent).toMatch(/read-only until the YAML parses again: line 6, column 1/);
    expect(screen.getByLabelText<HTMLInputElement>('CPUs').closest('fieldset')!.disabled).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>('CPUs').value).toBe('2');
  });

  it('offers a merge when lima.yaml changes on disk under unsaved edits', async () => {
    const backend = new MemoryBackend(FILE);
    await open(backend);
    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '4' } });
    act(() => backend.writeExternally(FILE + 'disk: 50GiB\n'));

    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByLabelText('The file on disk').textContent).toContain('disk: 50GiB');
    expect(screen.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Merge both' }));
    expect(editorText()).toBe(FILE.replace('cpus: 2', 'cpus: 4') + 'disk: 50GiB\n');

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Saved\./);
    expect(backend.text).toBe(FILE.replace('cpus: 2', 'cpus: 4') + 'disk: 50GiB\n');
  });

  it('on reopen, offers a merge when the file changed since the draft was taken', async () => {
    const backend = new MemoryBackend(FILE);
    const first = await open(backend);
    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '4' } });
    first.unmount();
    backend.writeExternally(FILE.replace('memory: 4GiB', 'memory: 8GiB'));

    await open(backend);
    expect(screen.getByRole('status').textContent).toMatch(/Restored your unsaved draft/);
    const dialog = screen.getByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Merge both' }));
    expect(editorText()).toBe(FILE.replace('cpus: 2', 'cpus: 4').replace('memory: 4GiB', 'memory: 8GiB'));
  });

  it('keeps either version on request when the edits overlap', async () => {
    const backend = new MemoryBackend(FILE);
    await open(backend);
    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '4' } });
    act(() => backend.writeExternally(FILE.replace('cpus: 2', 'cpus: 8')));
    let dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByRole('button', { name: 'Merge both' })).toHaveProperty('disabled', true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep mine' }));
    expect(editorText()).toBe(FILE.replace('cpus: 2', 'cpus: 4'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Saved\./);
    expect(backend.text).toBe(FILE.replace('cpus: 2', 'cpus: 4'));

    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '5' } });
    act(() => backend.writeExternally(FILE.replace('cpus: 2', 'cpus: 6')));
    dialog = await screen.findByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Take the file’s' }));
    expect(editorText()).toBe(FILE.replace('cpus: 2', 'cpus: 6'));
    expect(window.localStorage.length).toBe(0);
  });

  it('follows an external change silently when there are no local edits', async () => {
    const backend = new MemoryBackend(FILE);
    await open(backend);
    act(() => backend.writeExternally(FILE.replace('cpus: 2', 'cpus: 3')));
    expect(screen.getByLabelText<HTMLInputElement>('CPUs').value).toBe('3');
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('tells which saved changes of a running instance need a restart', async () => {
    const backend = new MemoryBackend(FILE);
    await open(backend, { running: true });
    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '3' } });
    expect(screen.getByRole('note').textContent).toBe('dev is running: changes to cpus take effect after a restart.');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByText(/^Saved\./)).textContent).toBe('Saved. dev is running: restart it to apply cpus.');
  });

  it("offers a restart when the main side says the saved change waits for one", async () => {
    const backend = new MemoryBackend(FILE);
    backend.restartNeeded = true;
    let restarts = 0;
    await open(backend, { running: true, onRestart: () => restarts++ });
    // A change the editor would not flag itself: the main side's word decides.
    fireEvent.change(screen.getByLabelText('Memory'), { target: { value: '8GiB' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByText(/^Saved\./)).textContent).toBe('Saved. dev is running: restart it to apply memory.');
    fireEvent.click(screen.getByRole('button', { name: 'Restart dev now' }));
    expect(restarts).toBe(1);
    expect((screen.getByRole('button', { name: 'Restarting dev…' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('offers no restart when the main side says none is needed', async () => {
    const backend = new MemoryBackend(FILE);
    backend.restartNeeded = false;
    await open(backend, { running: true, onRestart: () => undefined });
    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByText(/^Saved\./)).textContent).toBe('Saved.');
    expect(screen.queryByRole('button', { name: 'Restart dev now' })).toBeNull();
  });

  it('opens a lima.yaml with more aliases than the form can expand, as YAML, saying why the form is not there', async () => {
    const many = Array.from({ length: 120 }, (_, i) => `  V${i}: *v`).join('\n');
    const text = `cpus: 2\nvalue: &v "x"\nenv:\n${many}\n`;
    const backend = new MemoryBackend(text);
    await open(backend, {}, false);
    const note = await screen.findByRole('note', { name: 'Why the form is not shown' });
    expect(note.textContent).toMatch(/^The form cannot show this lima\.yaml: Excessive alias count/);
    await waitFor(() => editorView());
    expect(editorText()).toBe(text);
    typeInEditor(0, 'cpus: 2'.length, 'cpus: 4');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Saved\./);
    expect(backend.text).toBe(text.replace('cpus: 2', 'cpus: 4'));
  });

  it("lists only the current text's problems: a syntax error replaces the earlier errors, with its place", async () => {
    const backend = new MemoryBackend(FILE);
    await open(backend);
    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '-1' } });
    const list = await screen.findByRole('list', { name: 'Problems in lima.yaml' });
    await waitFor(() => expect(list.textContent).toContain('(cpus): must be a positive whole number'));
    // Now the text does not parse at all.
    typeInEditor(0, 0, 'cpus: [\n');
    await waitFor(() => {
      const items = within(screen.getByRole('list', { name: 'Problems in lima.yaml' })).getAllByRole('listitem').map((li) => li.textContent);
      expect(items.some((t) => t?.includes('(cpus)'))).toBe(false);
      expect(items.every((t) => /^Error line \d+, column \d+/.test(t ?? ''))).toBe(true);
    });
    // The main side's word, with its place, once it answers.
    await waitFor(() => expect(screen.getByRole('list', { name: 'Problems in lima.yaml' }).textContent).toContain('syntax:'));
  });

  it('saves with Ctrl+S from anywhere in the tab, not the browser page', async () => {
    const backend = new MemoryBackend(FILE);
    await open(backend);
    fireEvent.change(screen.getByLabelText('Memory'), { target: { value: '8GiB' } });
    const event = new KeyboardEvent('keydown', { key: 's', ctrlKey: true, bubbles: true, cancelable: true });
    act(() => void screen.getByLabelText('Memory').dispatchEvent(event));
    expect(event.defaultPrevented).toBe(true);
    await screen.findByText(/^Saved\./);
    expect(backend.text).toContain('memory: 8GiB');
  });

  it('asks before Revert throws edits away; Cancel keeps them', async () => {
    const backend = new MemoryBackend(FILE);
    await open(backend);
    fireEvent.change(screen.getByLabelText('CPUs'), { target: { value: '6' } });
    fireEvent.click(screen.getByRole('button', { name: 'Revert' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Discard your changes to lima.yaml of dev?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(editorText()).toContain('cpus: 6');
    fireEvent.click(screen.getByRole('button', { name: 'Revert' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Discard changes' }));
    expect(editorText()).toBe(FILE);
  });

  it('tints the YAML line a form edit changed', async () => {
    await open(new MemoryBackend(FILE));
    fireEvent.change(screen.getByLabelText('Memory'), { target: { value: '16GiB' } });
    expect(flashedLines()).toEqual(['memory: 16GiB']);
  });

  it('opens at the line it is asked to show', async () => {
    await open(new MemoryBackend(FILE), { revealLine: 3 });
    await waitFor(() => expect(flashedLines()).toEqual(['memory: 4GiB']));
  });
});
