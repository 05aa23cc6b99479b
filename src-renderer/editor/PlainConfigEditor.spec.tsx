// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EditorFallback } from '../detail/ConfigTab';
import { createFakeApi } from '../store/fake-api';
import { IssueList } from './IssueList';
import { PlainConfigEditor } from './PlainConfigEditor';

afterEach(cleanup);

function Broken(): never {
  throw new Error('Excessive alias count indicates a resource exhaustion attack');
}

async function setup() {
  const fake = createFakeApi();
  fake.handle('getConfigText', () => ({ ok: true, value: { text: 'cpus: 2\n', mtime: 7 } }));
  const onRestart = vi.fn();
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  render(
    <EditorFallback fallback={(error) => <PlainConfigEditor api={fake.api} name="vm" error={error} onRestart={onRestart} />}>
      <Broken />
    </EditorFallback>,
  );
  await act(async () => {});
  return { fake, onRestart };
}

describe('lima.yaml as plain text when the editor cannot open it', () => {
  it('says why, and edits and saves the text with the same checks', async () => {
    const { fake, onRestart } = await setup();
    expect(screen.getByRole('alert').textContent).toBe('The editor cannot open this lima.yaml: Excessive alias count indicates a resource exhaustion attack. It is shown as plain text; saving checks it as usual.');
    const area = screen.getByRole('textbox', { name: 'vm: lima.yaml' });
    expect((area as HTMLTextAreaElement).value).toBe('cpus: 2\n');
    fireEvent.change(area, { target: { value: 'cpus: 4\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'putConfigText', params: { name: 'vm', text: 'cpus: 4\n', expectedMtime: 7 } });
    await act(async () => fake.release('putConfigText', { ok: true, value: { warnings: [], mtime: 8, restartNeeded: true } }));
    expect(screen.getByRole('status').textContent).toBe('Saved. vm is running: restart it to apply the change.');
    fireEvent.click(screen.getByRole('button', { name: 'Restart vm now' }));
    expect(onRestart).toHaveBeenCalled();
  });

  it('shows a refusal with its problems, and a file changed elsewhere', async () => {
    const { fake } = await setup();
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'cpus: -1\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await act(async () => fake.release('putConfigText', { ok: false, code: 'invalid-config', message: 'lima.yaml is invalid', issues: [{ severity: 'error', field: 'cpus', message: 'must be at least 1', line: 1, col: 7 }] }));
    expect(screen.getAllByRole('alert').at(-1)?.textContent).toBe('Not saved: lima.yaml is invalid. Your text is kept.');
    expect(within(screen.getByRole('list', { name: 'Problems in lima.yaml' })).getByRole('listitem').textContent).toBe('Error line 1, column 7 (cpus): must be at least 1');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await act(async () => fake.release('putConfigText', { ok: false, code: 'too-large', message: '' }));
    expect(screen.getAllByRole('alert').at(-1)?.textContent).toBe('Not saved: request too large. Your text is kept.');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await act(async () => fake.release('putConfigText', { ok: false, code: 'conflict', message: 'changed' }));
    expect(screen.getAllByRole('alert').at(-1)?.textContent).toContain('lima.yaml changed on disk since it was opened.');
  });
});

describe('the problem list', () => {
  it('shows problems that have no file or no place too', () => {
    render(
      <IssueList
        issues={[
          { severity: 'error', field: '', message: 'the document is empty' },
          { severity: 'warning', field: 'images', message: 'no image for aarch64', file: '/l/_config/default.yaml' },
          { severity: 'error', field: '', message: 'a block sequence may not be used as an implicit map key', line: 4, col: 3 },
        ]}
      />,
    );
    expect(within(screen.getByRole('list')).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Error: the document is empty',
      'Warning /l/_config/default.yaml (images): no image for aarch64',
      'Error line 4, column 3: a block sequence may not be used as an implicit map key',
    ]);
  });
});
