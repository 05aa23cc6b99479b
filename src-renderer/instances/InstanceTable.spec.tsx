// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { createDraftStorage } from '../editor/drafts';
import { connectStore, createAppStore } from '../store/create-store';
import { createFakeApi, instanceSummary } from '../store/fake-api';
import { StoreContext } from '../store/hooks';
import { InstanceTable } from './InstanceTable';

afterEach(cleanup);

async function setup(instances = [instanceSummary('dev', 'Stopped'), instanceSummary('web', 'Running', { sshLocalPort: 60022 })]) {
  const fake = createFakeApi();
  fake.handle('listInstances', () => ({ ok: true, value: instances }));
  const store = createAppStore(fake.api, { drafts: createDraftStorage(window.localStorage) });
  const onOpen = vi.fn();
  render(
    <StoreContext.Provider value={store}>
      <button type="button">before</button>
      <InstanceTable onOpen={onOpen} />
    </StoreContext.Provider>,
  );
  await act(async () => {
    connectStore(store, fake.api);
  });
  return { fake, store, onOpen };
}

const row = (name: string) => document.querySelector<HTMLTableRowElement>(`tr[data-instance="${name}"]`)!;
const actionButtons = (name: string) => within(row(name)).getAllByRole('button');

describe('the instance list', () => {
  it('shows every instance with its facts and named actions', async () => {
    await setup();
    const cells = within(row('web')).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['web', 'Running', 'x86_64', '2', '4GiB', '100GiB', '127.0.0.1:60022', 'StartStopRestartDeleteConsole']);
    expect(actionButtons('dev').map((b) => b.getAttribute('aria-label'))).toEqual(['Start dev', 'Stop dev', 'Restart dev', 'Delete dev']);
    // Only what applies to the status is enabled.
    expect(actionButtons('dev').map((b) => (b as HTMLButtonElement).disabled)).toEqual([false, true, true, false]);
    expect(actionButtons('web').map((b) => (b as HTMLButtonElement).disabled)).toEqual([true, false, false, false]);
  });

  it("opens the instance's console from its row", async () => {
    const { onOpen } = await setup();
    const link = within(row('web')).getByRole('link', { name: 'Console of web' });
    expect(link.getAttribute('href')).toBe('#/instances/web/console');
    fireEvent.click(link);
    // The link navigates by itself; the row must not also open the detail's default tab.
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('disables the row while an action runs, shows its progress, then applies the result', async () => {
    const { fake } = await setup();
    fireEvent.click(screen.getByRole('button', { name: 'Start dev' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'startInstance', params: { name: 'dev' } });
    expect(actionButtons('dev').every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(within(row('dev')).getByRole('status').textContent).toMatch(/Starting… 0s/);
    // Another instance is not blocked.
    expect((screen.getByRole('button', { name: 'Stop web' }) as HTMLButtonElement).disabled).toBe(false);
    act(() => fake.emit('bootStage', { name: 'dev', stage: 'qemu-started', time: '2026-01-01T00:00:00Z' }));
    await act(async () => fake.release('startInstance', { ok: true, value: { instance: instanceSummary('dev', 'Running') } }));
    expect(row('dev').dataset.status).toBe('Running');
    expect(within(row('dev')).queryByRole('status')).toBeNull();
    expect(row('dev').textContent).toContain('(qemu-started)');
    expect((screen.getByRole('button', { name: 'Stop dev' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('says what failed and what to do, until dismissed', async () => {
    const { fake } = await setup();
    fireEvent.click(screen.getByRole('button', { name: 'Stop web' }));
    await act(async () => fake.release('stopInstance', { ok: false, code: 'wrong-state', message: 'expected status "Running", got "Stopped"' }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/^Could not stop web: expected status "Running", got "Stopped" The instance changed state meanwhile; check its status and try again\./);
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss the error of web' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('stops a Broken instance with force, as limactl stop -f', async () => {
    const { fake } = await setup([instanceSummary('old', 'Broken', { errors: ['ha.pid names a dead process'] })]);
    expect(row('old').nextElementSibling?.textContent).toMatch(/old is broken: ha.pid names a dead process/);
    fireEvent.click(screen.getByRole('button', { name: 'Stop old' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'stopInstance', params: { name: 'old', force: true } });
  });

  it('shows an image download with its rate and time left', async () => {
    const { fake } = await setup();
    act(() => fake.emit('downloadProgress', { name: 'dev', url: 'https://x/img', receivedBytes: 256 * 1024 ** 2, totalBytes: 1024 ** 3, bytesPerSecond: 8 * 1024 ** 2, etaSeconds: 96, done: false }));
    const progress = within(row('dev')).getByRole('progressbar', { name: 'Image download of dev' });
    expect(progress.getAttribute('aria-valuetext')).toBe('25%');
    expect(row('dev').textContent).toContain('Downloading image 25%: 256MiB of 1GiB · 8.0MiB/s · 1m36s left');
    act(() => fake.emit('downloadProgress', { name: 'dev', url: 'https://x/img', receivedBytes: 0, done: true, error: 'HTTP 404' }));
    expect(within(row('dev')).queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('Image download for dev failed: HTTP 404');
  });

  it('moves between rows with the arrow keys and opens one with Enter', async () => {
    const { onOpen } = await setup();
    expect(row('dev').tabIndex).toBe(0);
    expect(row('web').tabIndex).toBe(-1);
    row('dev').focus();
    fireEvent.keyDown(row('dev'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(row('web'));
    expect(row('web').tabIndex).toBe(0);
    fireEvent.keyDown(row('web'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(row('web'));
    fireEvent.keyDown(row('web'), { key: 'Home' });
    expect(document.activeElement).toBe(row('dev'));
    fireEvent.keyDown(row('dev'), { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith('dev');
    // Enter on a button belongs to the button.
    onOpen.mockClear();
    fireEvent.keyDown(screen.getByRole('button', { name: 'Start dev' }), { key: 'Enter' });
    expect(onOpen).not.toHaveBeenCalled();
  });
});

describe('deleting an instance', () => {
  it('asks in a focus-trapped dialog; Escape cancels and gives focus back', async () => {
    const { fake } = await setup();
    const deleteButton = screen.getByRole('button', { name: 'Delete dev' });
    deleteButton.focus();
    fireEvent.click(deleteButton);
    const dialog = screen.getByRole('dialog', { name: 'Delete dev?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('/home/u/.lima/dev');
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete' });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
    fireEvent.keyDown(confirm, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    // Focus that wanders outside is brought back.
    act(() => screen.getByRole('button', { name: 'before' }).focus());
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(cancel, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(deleteButton);
    expect(fake.calls.some((c) => c.method === 'deleteInstance')).toBe(false);
  });

  it('deletes a stopped instance and removes its row', async () => {
    const { fake } = await setup();
    fireEvent.click(screen.getByRole('button', { name: 'Delete dev' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'deleteInstance', params: { name: 'dev', confirmed: true } });
    expect(actionButtons('dev').every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await act(async () => fake.release('deleteInstance', { ok: true, value: { deleted: 'dev' } }));
    expect(row('dev')).toBeNull();
  });

  it('offers "Stop and delete" for a running instance, which forces', async () => {
    const { fake } = await setup();
    fireEvent.click(screen.getByRole('button', { name: 'Delete web' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete web?' });
    expect(dialog.textContent).toContain('web is running.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop and delete' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'deleteInstance', params: { name: 'web', confirmed: true, force: true } });
  });

  it('follows the instance while the question is open', async () => {
    const { fake } = await setup();
    fireEvent.click(screen.getByRole('button', { name: 'Delete dev' }));
    act(() => fake.emit('instanceStatusChanged', { name: 'dev', status: 'Running', previous: 'Stopped', instance: instanceSummary('dev', 'Running') }));
    expect(within(screen.getByRole('dialog')).getByRole('button', { name: 'Stop and delete' })).toBeTruthy();
    act(() => fake.emit('instanceStatusChanged', { name: 'dev', status: 'Deleted', previous: 'Running', instance: null }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('keeps a protected instance from being deleted and says why', async () => {
    await setup([instanceSummary('keep', 'Stopped', { protected: true })]);
    const button = screen.getByRole('button', { name: 'Delete keep' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.title).toBe('keep is protected (limactl unprotect keep)');
  });
});
