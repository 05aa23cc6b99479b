// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiskInfo } from '../../src-main/common/api';
import '../ui/layout-shim.test-support';
import { ApiContext } from '../api/ApiContext';
import { createDraftStorage } from '../editor/drafts';
import { connectStore, createAppStore } from '../store/create-store';
import { createFakeApi, instanceSummary } from '../store/fake-api';
import { StoreContext } from '../store/hooks';
import { TipProvider } from '../ui/Tip';
import { DisksPage } from './DisksPage';

afterEach(cleanup);

const GiB = 1024 ** 3;
const disk = (name: string, extra: Partial<DiskInfo> = {}): DiskInfo => ({
  name,
  size: 10 * GiB,
  sizeOnDisk: 196 * 1024,
  format: 'qcow2',
  dir: `/home/u/.lima/_disks/${name}`,
  instance: '',
  instanceDir: '',
  mountPoint: `/mnt/lima-${name}`,
  referencedBy: [],
  ...extra,
});

async function setup(disks: DiskInfo[]) {
  const fake = createFakeApi();
  let current = disks;
  fake.handle('listDisks', () => ({ ok: true, value: { disks: current } }));
  fake.handle('listInstances', () => ({ ok: true, value: [instanceSummary('vm1', 'Running', { sshLocalPort: 60022 }), instanceSummary('vm2', 'Stopped')] }));
  const store = createAppStore(fake.api, { drafts: createDraftStorage(window.localStorage) });
  await act(async () => {
    connectStore(store, fake.api);
  });
  render(
    <ApiContext.Provider value={fake.api}>
      <StoreContext.Provider value={store}>
        <TipProvider>
          <DisksPage />
        </TipProvider>
      </StoreContext.Provider>
    </ApiContext.Provider>,
  );
  await act(async () => {});
  return { fake, store, setDisks: (d: DiskInfo[]) => (current = d) };
}

const cellsOf = (name: string) => [...(document.querySelector(`tr[data-disk="${name}"]`)?.children ?? [])].map((c) => c.textContent);
const menu = async (name: string, item: RegExp) => {
  fireEvent.pointerDown(screen.getByRole('button', { name: `Actions for disk ${name}` }), { button: 0, ctrlKey: false, pointerType: 'mouse' });
  fireEvent.click(await screen.findByRole('menuitem', { name: item }));
};

describe('the Disks screen', () => {
  it('lists each disk with its size, size on disk, format and the instance using it', async () => {
    await setup([disk('data', { instance: 'vm1', instanceDir: '/home/u/.lima/vm1', referencedBy: ['vm1'] }), disk('scratch', { format: 'raw', referencedBy: ['vm2'] }), disk('spare', { size: 100 * GiB, sizeOnDisk: 12 * GiB })]);
    expect(cellsOf('data')).toEqual(['data', '10GiB', '196KiB', 'qcow2', 'vm1 (running)', '/mnt/lima-data', '']);
    expect(cellsOf('scratch')).toEqual(['scratch', '10GiB', '196KiB', 'raw', 'named by vm2', '/mnt/lima-scratch', '']);
    expect(cellsOf('spare')).toEqual(['spare', '100GiB', '12GiB', 'qcow2', '—', '/mnt/lima-spare', '']);
  });

  it('creates a disk with a name, size and format, checking them as typed', async () => {
    const { fake, setDisks } = await setup([disk('data')]);
    fireEvent.click(screen.getByRole('button', { name: 'Create disk' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create a disk' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'data' } });
    expect(dialog.textContent).toContain('A disk named data already exists; choose another name.');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'more' } });
    fireEvent.change(within(dialog).getByLabelText('Size'), { target: { value: 'lots' } });
    expect(dialog.textContent).toContain('"lots" is not a size');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(fake.calls.some((c) => c.method === 'createDisk')).toBe(false);
    fireEvent.change(within(dialog).getByLabelText('Size'), { target: { value: '5GiB' } });
    fireEvent.change(within(dialog).getByLabelText('Format'), { target: { value: 'raw' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'createDisk', params: { name: 'more', size: '5GiB', format: 'raw' } });
    setDisks([disk('data'), disk('more', { size: 5 * GiB, format: 'raw' })]);
    await act(async () => fake.release('createDisk', { ok: true, value: { disk: disk('more', { size: 5 * GiB, format: 'raw' }) } }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('Created disk more: 5GiB, raw.');
    expect(cellsOf('more')[3]).toBe('raw');
  });

  it('refuses to delete a disk in use, naming the instance, and deletes one that is not after asking', async () => {
    const { fake, setDisks } = await setup([disk('data', { instance: 'vm1', referencedBy: ['vm1'] }), disk('spare')]);
    await menu('data', /^Delete/);
    const refusal = await screen.findByRole('dialog', { name: 'Cannot delete data' });
    expect(within(refusal).getByRole('alert').textContent).toBe('data is in use by vm1: vm1 holds its lock.');
    fireEvent.click(within(refusal).getByRole('button', { name: 'Close' }));
    expect(fake.calls.some((c) => c.method === 'deleteDisk')).toBe(false);

    await menu('spare', /^Delete/);
    const ask = await screen.findByRole('alertdialog', { name: 'Delete disk spare?' });
    fireEvent.click(within(ask).getByRole('button', { name: 'Delete' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'deleteDisk', params: { name: 'spare', confirmed: true } });
    setDisks([disk('data', { instance: 'vm1', referencedBy: ['vm1'] })]);
    await act(async () => fake.release('deleteDisk', { ok: true, value: { deleted: 'spare' } }));
    expect(document.querySelector('tr[data-disk="spare"]')).toBeNull();
  });

  it("shows the main side's refusal when a disk was taken meanwhile", async () => {
    const { fake } = await setup([disk('spare')]);
    await menu('spare', /^Delete/);
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await act(async () => fake.release('deleteDisk', { ok: false, code: 'wrong-state', message: 'cannot delete disk "spare" in use by instance "vm2"' }));
    expect(screen.getByRole('alert').textContent).toBe('Disk spare was not deleted: cannot delete disk "spare" in use by instance "vm2"');
  });

  it('attaches a disk to an instance, and offers to restart a running one', async () => {
    const { fake } = await setup([disk('spare')]);
    await menu('spare', /^Attach/);
    const dialog = await screen.findByRole('dialog', { name: 'Attach spare' });
    expect(within(dialog).getAllByRole('option').map((o) => o.textContent)).toEqual(['vm1', 'vm2']);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Attach' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'attachDisk', params: { name: 'vm1', disk: 'spare' } });
    await act(async () => fake.release('attachDisk', { ok: true, value: { changed: true, restartNeeded: true } }));
    expect(screen.getByRole('status').textContent).toContain('vm1 names spare in its lima.yaml. It is running: restart it to use the disk.');
    fireEvent.click(screen.getByRole('button', { name: 'Restart vm1' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'restartInstance', params: { name: 'vm1' } });
  });

  it('detaches a disk from an instance that names it', async () => {
    const { fake } = await setup([disk('scratch', { referencedBy: ['vm2'] })]);
    fake.handle('detachDisk', () => ({ ok: true, value: { changed: true, restartNeeded: false } }));
    await menu('scratch', /^Detach from vm2/);
    expect(fake.calls.filter((c) => c.method === 'detachDisk')).toEqual([{ method: 'detachDisk', params: { name: 'vm2', disk: 'scratch' } }]);
    await act(async () => {});
    expect(screen.getByRole('status').textContent).toContain('vm2 no longer names scratch.');
  });

  it('resizes only to a larger size', async () => {
    const { fake } = await setup([disk('data')]);
    await menu('data', /^Resize/);
    const dialog = await screen.findByRole('dialog', { name: 'Resize data' });
    const size = within(dialog).getByLabelText('New size');
    expect((size as HTMLInputElement).value).toBe('20GiB');
    fireEvent.change(size, { target: { value: '5GiB' } });
    expect(dialog.textContent).toContain('A disk only grows');
    fireEvent.change(size, { target: { value: '30GiB' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resize' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'resizeDisk', params: { name: 'data', size: '30GiB' } });
  });

  it('imports an image by its path, with progress', async () => {
    const { fake } = await setup([]);
    expect(screen.getByRole('heading', { name: 'No disks yet' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^Import/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Import a disk image' });
    fireEvent.change(within(dialog).getByLabelText('Image file'), { target: { value: 'data.qcow2' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'data' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    expect(dialog.textContent).toContain('Give the whole path, starting at /');
    fireEvent.change(within(dialog).getByLabelText('Image file'), { target: { value: '/srv/images/data.qcow2' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'importDisk', params: { name: 'data', path: '/srv/images/data.qcow2' } });
    act(() => fake.emit('transferProgress', { operation: 'disk-import', name: 'data', target: '/srv/images/data.qcow2', doneBytes: GiB, totalBytes: 4 * GiB, done: false }));
    expect(within(dialog).getByRole('progressbar', { name: 'Copying into data' }).getAttribute('aria-valuetext')).toBe('25%');
  });
});
