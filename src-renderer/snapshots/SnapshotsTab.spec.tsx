// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiResult, InstanceSummary, SnapshotInfo } from '../../src-main/common/api';
import { ApiContext } from '../api/ApiContext';
import { fakeApi } from '../logs/fake-api.test-support';
import { SnapshotsTab } from './SnapshotsTab';

afterEach(cleanup);

const vm: InstanceSummary = { name: 'vm1', status: 'Running', dir: '/l/vm1', vmType: 'qemu', arch: 'x86_64', cpus: 1, memory: 0, disk: 0, sshLocalPort: 0, message: '', protected: false, errors: [] };

/** An API over an in-memory snapshot list, with one pending call that the test releases. */
function snapshotApi(initial: SnapshotInfo[]) {
  let snapshots = [...initial];
  let release: () => void = () => {};
  const gate = () => new Promise<void>((resolve) => (release = resolve));
  let failNext: string | undefined;
  const answer = async (change: () => void): Promise<ApiResult<Record<string, never>>> => {
    await gate();
    if (failNext) {
      const message = failNext;
      failNext = undefined;
      return { ok: false, code: 'internal', message };
    }
    change();
    return { ok: true, value: {} };
  };
  const fake = fakeApi({
    listSnapshots: async () => ({ ok: true, value: { snapshots } }),
    createSnapshot: ({ tag }) => answer(() => snapshots.push({ tag, vmStateSize: '24.4 MiB', date: '2026-11-24 20:01:02' })),
    applySnapshot: () => answer(() => {}),
    deleteSnapshot: ({ tag }) => answer(() => (snapshots = snapshots.filter((s) => s.tag !== tag))),
  });
  render(
    <ApiContext.Provider value={fake.api}>
      <SnapshotsTab instance={vm} />
    </ApiContext.Provider>,
  );
  return { fake, release: () => act(async () => release()), failNextWith: (m: string) => (failNext = m) };
}

const rows = () => within(screen.getByRole('table', { name: 'Snapshots of vm1' })).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent));

describe('SnapshotsTab', () => {
  it('says a never-started instance has no disk yet, and offers no snapshot', async () => {
    const fake = fakeApi({
      listSnapshots: async () => ({ ok: false, code: 'wrong-state', message: 'instance "vm1" has no disk yet: it is created on the first start' }),
    });
    render(
      <ApiContext.Provider value={fake.api}>
        <SnapshotsTab instance={{ ...vm, status: 'Stopped' }} />
      </ApiContext.Provider>,
    );
    const note = await screen.findByText(/vm1 has no disk yet/);
    expect(note.getAttribute('role')).toBe('status');
    expect(screen.queryByRole('alert')).toBeNull();
    expect((screen.getByRole('button', { name: 'Take snapshot' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('textbox', { name: 'New snapshot tag' }) as HTMLInputElement).disabled).toBe(true);
  });

  it('still shows any other refusal as an error', async () => {
    const fake = fakeApi({ listSnapshots: async () => ({ ok: false, code: 'internal', message: 'qemu-img: Could not open disk' }) });
    render(
      <ApiContext.Provider value={fake.api}>
        <SnapshotsTab instance={vm} />
      </ApiContext.Provider>,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('qemu-img: Could not open disk');
    expect((screen.getByRole('button', { name: 'Take snapshot' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('lists snapshots with tag, memory state size and date', async () => {
    snapshotApi([
      { tag: 'base', vmStateSize: '0 B', date: '2026-11-24 19:00:00' },
      { tag: 'live', vmStateSize: '92.4 MiB', date: '2026-11-24 19:30:00' },
    ]);
    await screen.findByRole('table');
    expect(rows()).toEqual([
      ['base', 'none (disk only)', '2026-11-24 19:00:00'],
      ['live', '92.4 MiB', '2026-11-24 19:30:00'],
    ]);
  });

  it('explains a bad tag before sending anything', async () => {
    const { fake } = snapshotApi([{ tag: 'base', vmStateSize: '0 B', date: 'd' }]);
    await screen.findByRole('table');
    const input = screen.getByRole('textbox', { name: 'New snapshot tag' });
    fireEvent.change(input, { target: { value: 'my snap' } });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('A tag may contain only letters, digits, ".", "_" and "-" (not space).')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Take snapshot' }).hasAttribute('disabled')).toBe(true);
    fireEvent.change(input, { target: { value: 'base' } });
    expect(screen.getByText(/exists already/)).toBeTruthy();
    fireEvent.submit(input.closest('form')!);
    expect(fake.calls.some((c) => c.method === 'createSnapshot')).toBe(false);
  });

  it('takes a snapshot with a busy state, then lists it', async () => {
    const { fake, release } = snapshotApi([]);
    await screen.findByText('No snapshots yet.');
    fireEvent.change(screen.getByRole('textbox', { name: 'New snapshot tag' }), { target: { value: 'before-upgrade' } });
    fireEvent.click(screen.getByRole('button', { name: 'Take snapshot' }));
    expect(screen.getByText('Saving snapshot "before-upgrade"… The VM pauses while its memory is saved.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Saving…' }).hasAttribute('disabled')).toBe(true);
    await release();
    expect(await screen.findByText('Snapshot "before-upgrade" saved.')).toBeTruthy();
    expect(rows()).toEqual([['before-upgrade', '24.4 MiB', '2026-11-24 20:01:02']]);
    expect(fake.calls.find((c) => c.method === 'createSnapshot')?.params).toEqual({ name: 'vm1', tag: 'before-upgrade' });
  });

  it('applies and deletes only after confirmation, and Cancel sends nothing', async () => {
    const { fake, release } = snapshotApi([{ tag: 'base', vmStateSize: '0 B', date: 'd' }]);
    await screen.findByRole('table');
    fireEvent.click(screen.getByRole('button', { name: 'Apply snapshot base' }));
    const dialog = screen.getByRole('dialog', { name: 'Apply snapshot "base"?' });
    expect(dialog.textContent).toContain("vm1's disk and memory go back to how they were");
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(fake.calls.some((c) => c.method === 'applySnapshot')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Apply snapshot base' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Apply' }));
    await release();
    expect(await screen.findByText('Snapshot "base" applied.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Delete snapshot base' }));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Delete snapshot base' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Delete snapshot "base"?' })).getByRole('button', { name: 'Delete' }));
    await release();
    expect(await screen.findByText('No snapshots yet.')).toBeTruthy();
  });

  it("shows the driver's error verbatim", async () => {
    const { release, failNextWith } = snapshotApi([{ tag: 'base', vmStateSize: '0 B', date: 'd' }]);
    await screen.findByRole('table');
    failNextWith('snapshot "base" could not be loaded: Error: Device \'boot-disk\' does not have the requested snapshot \'base\'');
    fireEvent.click(screen.getByRole('button', { name: 'Apply snapshot base' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Apply' }));
    await release();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Could not apply snapshot "base":snapshot "base" could not be loaded: Error: Device \'boot-disk\' does not have the requested snapshot \'base\'');
  });
});
