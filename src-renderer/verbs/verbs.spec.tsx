// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import '../ui/layout-shim.test-support';
import { instanceSummary } from '../store/fake-api';
import { chooseFromRowMenu, renderList, row } from '../instances/list-harness.test-support';

afterEach(cleanup);
beforeEach(() => window.localStorage.clear());

const three = () => [instanceSummary('dev', 'Stopped'), instanceSummary('dev-clone', 'Stopped'), instanceSummary('web', 'Running', { sshLocalPort: 60022 })];
const input = (dialog: HTMLElement, label: string) => within(dialog).getByLabelText(label) as HTMLInputElement;

describe('Clone…', () => {
  it('offers a free name, checks a typed one with the shared rule, and clones with progress', async () => {
    const { fake, store, navigated } = await renderList(three());
    await chooseFromRowMenu('dev', /^Clone/);
    const dialog = await screen.findByRole('dialog', { name: 'Clone dev' });
    const name = input(dialog, 'Name of the clone');
    expect(name.value).toBe('dev-clone-2');
    await act(async () => undefined);
    expect(document.activeElement).toBe(name);
    fireEvent.change(name, { target: { value: 'web' } });
    expect(within(dialog).getByText('An instance named web already exists; choose another name.')).toBeTruthy();
    fireEvent.change(name, { target: { value: 'my copy' } });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Clone' }));
    expect(fake.calls.some((c) => c.method === 'cloneInstance')).toBe(false);

    fireEvent.change(name, { target: { value: 'copy' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Start the clone when it is ready' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Clone' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'cloneInstance', params: { name: 'dev', newName: 'copy' } });
    // The source is busy meanwhile, and the copy's progress shows in the dialog and the row.
    expect(row('dev').textContent).toContain('Cloning');
    act(() => fake.emit('transferProgress', { operation: 'clone', name: 'dev', target: 'copy', doneBytes: 256 * 1024 ** 2, totalBytes: 1024 ** 3, done: false }));
    expect(within(dialog).getByRole('progressbar', { name: 'Copying dev to copy' }).getAttribute('aria-valuetext')).toBe('25%');
    expect(within(dialog).getByRole('status').textContent).toContain('25%: 256MiB of 1GiB');
    expect(row('dev').textContent).toContain('Copying 25%');

    await act(async () => fake.release('cloneInstance', { ok: true, value: { instance: instanceSummary('copy', 'Stopped'), method: 'reflink', notes: [], warnings: [] } }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(row('copy').dataset.status).toBe('Stopped');
    // Started, as asked, and shown.
    expect(fake.calls.at(-1)).toEqual({ method: 'startInstance', params: { name: 'copy' } });
    expect(navigated.at(-1)).toEqual({ page: 'instances', instance: 'copy' });
    expect(store.getState().toasts.map((t) => t.title)).toContain('Cloned dev to copy');
  });

  it('shows why the main side refused, and leaves the dialog open to fix it', async () => {
    const { fake } = await renderList(three());
    await chooseFromRowMenu('dev', /^Clone/);
    const dialog = await screen.findByRole('dialog', { name: 'Clone dev' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Clone' }));
    await act(async () => fake.release('cloneInstance', { ok: false, code: 'host-io', message: 'no space left on device writing /l/dev-clone-2/disk' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Not cloned: no space left on device writing /l/dev-clone-2/disk');
    expect(row('dev').textContent).not.toContain('Cloning');
  });

  it('is offered only for a stopped instance', async () => {
    await renderList(three());
    await chooseFromRowMenu('web', /^Stop$/);
    const { openMenu } = await import('../instances/list-harness.test-support');
    openMenu('More actions for web');
    const item = await screen.findByRole('menuitem', { name: /^Clone/ });
    expect(item.hasAttribute('data-disabled')).toBe(true);
  });
});

describe('Rename…', () => {
  it('renames, moves the selection and the draft to the new name', async () => {
    window.location.hash = '#/instances/dev/config';
    const { fake, store, navigated } = await renderList(three());
    store.getState().saveDraft('dev', { text: 'cpus: 3\n', baseText: 'cpus: 2\n', savedAt: '2026-01-01T00:00:00Z' });
    await chooseFromRowMenu('dev', /^Rename/);
    const dialog = await screen.findByRole('dialog', { name: 'Rename dev' });
    const name = input(dialog, 'New name');
    fireEvent.change(name, { target: { value: 'dev-clone' } });
    expect(within(dialog).getByText('An instance named dev-clone already exists; choose another name.')).toBeTruthy();
    fireEvent.change(name, { target: { value: 'box' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rename' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'renameInstance', params: { name: 'dev', newName: 'box' } });
    await act(async () => fake.release('renameInstance', { ok: true, value: { instance: instanceSummary('box', 'Stopped') } }));
    expect(row('dev')).toBeNull();
    expect(row('box')).toBeTruthy();
    expect(navigated.at(-1)).toEqual({ page: 'instances', instance: 'box', tab: 'config' });
    expect(store.getState().drafts.box?.text).toBe('cpus: 3\n');
    expect(store.getState().drafts.dev).toBeUndefined();
    window.location.hash = '';
  });
});

describe('Factory reset…', () => {
  it('asks first, listing what will be lost, then resets', async () => {
    const { fake, store } = await renderList(three(), (f) =>
      f.handle('factoryResetInstance', ({ dryRun }) =>
        dryRun ? { ok: true, value: { removed: [{ name: 'diffdisk', bytes: 1536 * 1024 ** 2 }, { name: 'serial.log', bytes: 4096 }] } } : { ok: true, value: { removed: [{ name: 'diffdisk', bytes: 1536 * 1024 ** 2 }] } },
      ),
    );
    await chooseFromRowMenu('dev', /^Factory reset/);
    const dialog = await screen.findByRole('alertdialog', { name: 'Factory reset dev?' });
    const list = await within(dialog).findByRole('list', { name: 'What a factory reset removes from dev' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['diffdisk1.5GiB', 'serial.log4KiB']);
    expect(dialog.textContent).toContain('What will be lost (1.5GiB on disk)');
    expect(fake.calls.filter((c) => c.method === 'factoryResetInstance')).toEqual([{ method: 'factoryResetInstance', params: { name: 'dev', dryRun: true } }]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Factory reset' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'factoryResetInstance', params: { name: 'dev', confirmed: true } });
    await act(async () => undefined);
    expect(store.getState().toasts.at(-1)).toMatchObject({ tone: 'success', title: 'dev is reset' });
  });

  it('is refused for a protected instance, in the menu and by the main side', async () => {
    const { fake } = await renderList([instanceSummary('keep', 'Stopped', { protected: true })], (f) =>
      f.handle('factoryResetInstance', () => ({ ok: false, code: 'wrong-state', message: 'instance "keep" is protected to prohibit accidental factory-reset; unprotect it first' })),
    );
    const { openMenu } = await import('../instances/list-harness.test-support');
    openMenu('More actions for keep');
    const item = await screen.findByRole('menuitem', { name: /^Factory reset/ });
    expect(item.hasAttribute('data-disabled')).toBe(true);
    expect(item.getAttribute('title')).toBe('keep is protected (limadesk unprotect keep)');
    expect(fake.calls.some((c) => c.method === 'factoryResetInstance')).toBe(false);
  });
});

describe('Protect and Unprotect', () => {
  it('protects at once and shows the lock in the row', async () => {
    const { fake } = await renderList(three());
    await chooseFromRowMenu('dev', /^Protect$/);
    expect(fake.calls.at(-1)).toEqual({ method: 'setProtected', params: { name: 'dev', protected: true } });
    await act(async () => fake.release('setProtected', { ok: true, value: { instance: instanceSummary('dev', 'Stopped', { protected: true }), changed: true } }));
    expect(within(row('dev')).getByRole('img', { name: 'Protected' })).toBeTruthy();
    const { openMenu } = await import('../instances/list-harness.test-support');
    openMenu('More actions for dev');
    expect(await screen.findByRole('menuitem', { name: /^Unprotect$/ })).toBeTruthy();
  });
});

describe('Open a SOCKS tunnel…', () => {
  it('shows the proxy URL of a running instance, and the same one when asked again', async () => {
    const { fake } = await renderList(three(), (f) => f.handle('openTunnel', () => ({ ok: true, value: { port: 41080, proxyUrl: 'socks5h://127.0.0.1:41080', hostname: 'lima-web' } })));
    await chooseFromRowMenu('web', /^Open a SOCKS tunnel/);
    const dialog = await screen.findByRole('dialog', { name: 'SOCKS tunnel into web' });
    expect((await within(dialog).findByLabelText('Proxy URL')).textContent).toBe('socks5h://127.0.0.1:41080');
    expect(dialog.textContent).toContain('lima-web.internal');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await chooseFromRowMenu('web', /^Open a SOCKS tunnel/);
    expect((await screen.findByLabelText('Proxy URL')).textContent).toBe('socks5h://127.0.0.1:41080');
    expect(fake.calls.filter((c) => c.method === 'openTunnel')).toHaveLength(1);
  });
});
