// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import '../ui/layout-shim.test-support';
import { instanceSummary } from '../store/fake-api';
import { button, openMenu, renderList as setup, row, rowNames } from './list-harness.test-support';

afterEach(cleanup);
beforeEach(() => window.localStorage.clear());

describe('the instance list', () => {
  it('shows each instance with a status pill, its facts, one main action and Console', async () => {
    await setup();
    const cells = within(row('web')).getAllByRole('cell').map((c) => c.textContent);
    expect(cells[0]).toBe('web');
    expect(cells).toContain('127.0.0.1:60022');
    expect(within(row('web')).getByText('Running').closest('.status')?.getAttribute('data-tone')).toBe('running');
    // The main action follows the status: Start for a stopped instance, Stop for a running one.
    expect(within(row('dev')).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['Start dev', 'More actions for dev']);
    expect(within(row('web')).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['Stop web', 'More actions for web']);
    expect(within(row('web')).getByRole('link', { name: 'Console of web' }).getAttribute('href')).toBe('#/instances/web/console');
  });

  it('puts every other action in the row menu with its shortcut, and only enables what applies', async () => {
    await setup();
    openMenu('More actions for dev');
    // A menu is named by its button.
    const menu = await screen.findByRole('menu', { name: 'More actions for dev' });
    const items = within(menu).getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual([
      'StartF5',
      'StopShift+F5',
      'RestartCtrl+Shift+F5',
      'ConsoleC',
      'Open a SOCKS tunnel…',
      'Clone…Ctrl+D',
      'Rename…F2',
      'Protect',
      'Factory reset…',
      'Delete…Del',
    ]);
    expect(items.map((i) => i.hasAttribute('data-disabled'))).toEqual([false, true, true, false, true, false, false, false, false, false]);
    // Groups: lifecycle, reaching the VM, copies and names, what destroys.
    expect(menu.querySelectorAll('[role="separator"]')).toHaveLength(3);
    expect(within(menu).getByRole('menuitem', { name: /^Open a SOCKS tunnel/ }).getAttribute('title')).toBe('dev is not running: the tunnel goes over its SSH server');
  });

  it('gives focus back to the row button that opened its menu', async () => {
    await setup();
    const more = button('More actions for dev');
    act(() => more.focus());
    fireEvent.click(more);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(await screen.findByRole('menu', { name: 'More actions for dev' }), { key: 'Escape' });
    await vi.waitFor(() => expect(document.activeElement).toBe(button('More actions for dev')));
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('opens the same menu on right-click', async () => {
    await setup();
    fireEvent.contextMenu(row('web'));
    const menu = await screen.findByRole('menu', { name: 'Actions for web' });
    expect(within(menu).getByRole('menuitem', { name: /^Restart/ }).hasAttribute('data-disabled')).toBe(false);
  });

  it('runs an action, shows its progress in the pill, then a toast when it is done', async () => {
    const { fake, store } = await setup();
    fireEvent.click(button('Start dev'));
    expect(fake.calls.at(-1)).toEqual({ method: 'startInstance', params: { name: 'dev' } });
    expect(within(row('dev')).getByRole('status').textContent).toMatch(/^Starting… 0s/);
    expect(button('Start dev').disabled).toBe(true);
    // Another instance is not blocked.
    expect(button('Stop web').disabled).toBe(false);
    act(() => fake.emit('bootStage', { name: 'dev', stage: 'qemu-started', time: '2026-01-01T00:00:00Z' }));
    expect(within(row('dev')).getByRole('status').textContent).toContain('QEMU started');
    await act(async () => fake.release('startInstance', { ok: true, value: { instance: instanceSummary('dev', 'Running') } }));
    expect(row('dev').dataset.status).toBe('Running');
    expect(within(row('dev')).queryByRole('status')).toBeNull();
    expect(row('dev').querySelector('.stage')?.getAttribute('data-stage')).toBe('qemu-started');
    expect(button('Stop dev').disabled).toBe(false);
    expect(store.getState().toasts.map((t) => [t.tone, t.title])).toEqual([['success', 'dev is running']]);
  });

  it('says what failed and what to do next in a toast', async () => {
    const { fake, store } = await setup();
    fireEvent.click(button('Stop web'));
    await act(async () => fake.release('stopInstance', { ok: false, code: 'wrong-state', message: 'expected status "Running", got "Stopped"' }));
    const [toast] = store.getState().toasts;
    expect(toast).toMatchObject({ tone: 'error', title: 'Could not stop web', action: { label: 'Open logs', href: '#/instances/web/logs' } });
    expect(toast?.body).toBe('expected status "Running", got "Stopped". The instance changed state meanwhile; check its status and try again.');
  });

  it('stops a Broken instance with force, and shows the first reason in the row', async () => {
    const { fake } = await setup([instanceSummary('old', 'Broken', { errors: ['/home/u/.lima/old/lima.yaml:4:9: memory: invalid size "lots"', 'second'] })]);
    expect(within(row('old')).getByText('lima.yaml, line 4: memory: invalid size "lots"')).toBeTruthy();
    openMenu('More actions for old');
    fireEvent.click(await screen.findByRole('menuitem', { name: /^Stop/ }));
    expect(fake.calls.at(-1)).toEqual({ method: 'stopInstance', params: { name: 'old', force: true } });
  });

  it('shows an image download with its rate and time left', async () => {
    const { fake, store } = await setup();
    act(() => fake.emit('downloadProgress', { name: 'dev', url: 'https://x/img', receivedBytes: 256 * 1024 ** 2, totalBytes: 1024 ** 3, bytesPerSecond: 8 * 1024 ** 2, etaSeconds: 96, done: false }));
    const progress = within(row('dev')).getByRole('progressbar', { name: 'Image download of dev' });
    expect(progress.getAttribute('aria-valuetext')).toBe('25%');
    expect(row('dev').textContent).toContain('Downloading image 25%: 256MiB of 1GiB · 8.0MiB/s · 1m36s left');
    act(() => fake.emit('downloadProgress', { name: 'dev', url: 'https://x/img', receivedBytes: 0, done: true, error: 'HTTP 404' }));
    expect(within(row('dev')).queryByRole('progressbar')).toBeNull();
    expect(store.getState().toasts.at(-1)).toMatchObject({ tone: 'error', title: 'Image download for dev failed' });
  });

  it('moves between rows with the arrow keys, Home and End, and opens one with Enter', async () => {
    const { onOpen } = await setup();
    expect(row('dev').tabIndex).toBe(0);
    expect(row('web').tabIndex).toBe(-1);
    act(() => row('dev').focus());
    fireEvent.keyDown(row('dev'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(row('web'));
    expect(row('web').tabIndex).toBe(0);
    fireEvent.keyDown(row('web'), { key: 'Home' });
    expect(document.activeElement).toBe(row('dev'));
    fireEvent.keyDown(row('dev'), { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith('dev');
    // Enter on a button belongs to the button.
    onOpen.mockClear();
    fireEvent.keyDown(button('Start dev'), { key: 'Enter' });
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('runs the shortcuts of the focused row', async () => {
    const { fake, navigated } = await setup();
    act(() => row('web').focus());
    fireEvent.keyDown(row('web'), { key: 'F5', shiftKey: true });
    expect(fake.calls.at(-1)).toEqual({ method: 'stopInstance', params: { name: 'web' } });
    fireEvent.keyDown(row('dev'), { key: 'c' });
    expect(navigated).toEqual([{ page: 'instances', instance: 'dev', tab: 'console' }]);
  });

  it('renders only the rows in view of 5,000, and End reaches the last one', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => instanceSummary(`vm${String(i).padStart(4, '0')}`, i % 3 === 0 ? 'Running' : 'Stopped'));
    await setup(many);
    const shown = rowNames();
    expect(shown[0]).toBe('vm0000');
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(60);
    expect(screen.getByRole('table', { name: 'Instances' }).getAttribute('aria-rowcount')).toBe('5001');
    // jsdom has no layout: give the list the scroll size a browser would.
    const body = document.querySelector<HTMLElement>('[data-list-scroll]')!;
    Object.defineProperty(body, 'clientHeight', { value: 600, configurable: true });
    Object.defineProperty(body, 'scrollHeight', { value: 5000 * 58, configurable: true });
    act(() => row('vm0000').focus());
    await act(async () => fireEvent.keyDown(row('vm0000'), { key: 'End' }));
    await vi.waitFor(() => expect((document.activeElement as HTMLElement).dataset.instance).toBe('vm4999'));
    expect(row('vm4999').getAttribute('aria-rowindex')).toBe('5001');
  });
});

describe('finding instances', () => {
  const three = () => [instanceSummary('web', 'Running', { memory: 8 * 1024 ** 3 }), instanceSummary('db', 'Stopped', { memory: 2 * 1024 ** 3 }), instanceSummary('webtest', 'Stopped', { memory: 4 * 1024 ** 3 })];

  it('searches by name, and says so with a way out when nothing matches', async () => {
    await setup(three());
    const search = screen.getByRole('searchbox', { name: 'Search instances by name' });
    fireEvent.change(search, { target: { value: 'web' } });
    expect(rowNames()).toEqual(['web', 'webtest']);
    fireEvent.change(search, { target: { value: 'nothing' } });
    expect(rowNames()).toEqual([]);
    expect(screen.getByRole('heading', { name: 'No instances match' })).toBeTruthy();
    fireEvent.click(button('Clear the filter'));
    expect(rowNames()).toEqual(['db', 'web', 'webtest']);
  });

  it('filters by status and sorts by a column header, remembering the sort', async () => {
    // Column headers belong to the wide layout.
    Object.defineProperty(window, 'innerWidth', { value: 1600, configurable: true });
    onTestFinished(() => void Object.defineProperty(window, 'innerWidth', { value: 1024, configurable: true }));
    await setup(three());
    openMenu('Status filter: All');
    fireEvent.click(await screen.findByRole('menuitemradio', { name: /^Stopped/ }));
    expect(rowNames()).toEqual(['db', 'webtest']);
    openMenu('Status filter: Stopped');
    fireEvent.click(await screen.findByRole('menuitemradio', { name: /^All/ }));
    fireEvent.click(button('Sort by Memory'));
    expect(rowNames()).toEqual(['db', 'webtest', 'web']);
    expect(screen.getByRole('columnheader', { name: /Memory/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(button('Sort by Memory'));
    expect(rowNames()).toEqual(['web', 'webtest', 'db']);
    expect(JSON.parse(window.localStorage.getItem('limadesk.ui.listSort') ?? 'null')).toEqual({ key: 'memory', dir: 'desc' });
  });

  it('filters by host once remote hosts hold instances, and not before', async () => {
    await setup(three());
    expect(screen.queryByRole('button', { name: /^Host filter/ })).toBeNull();
    cleanup();
    await setup([...three(), instanceSummary('far', 'Running', { host: 'lab' })]);
    openMenu('Host filter: All hosts');
    fireEvent.click(await screen.findByRole('menuitemradio', { name: 'lab' }));
    expect(rowNames()).toEqual(['far']);
    openMenu('Host filter: lab');
    fireEvent.click(await screen.findByRole('menuitemradio', { name: 'This machine' }));
    expect(rowNames()).not.toContain('far');
    expect(rowNames()).toHaveLength(3);
  });

  it('keeps the selection and the order through live updates', async () => {
    const { fake } = await setup(three());
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'web' } });
    act(() => fake.emit('instanceStatusChanged', { name: 'webtest', status: 'Running', previous: 'Stopped', instance: instanceSummary('webtest', 'Running') }));
    act(() => fake.emit('instanceStatusChanged', { name: 'web2', status: 'Stopped', previous: 'Unknown', instance: instanceSummary('web2', 'Stopped') }));
    expect(rowNames()).toEqual(['web', 'web2', 'webtest']);
    expect(row('webtest').dataset.status).toBe('Running');
  });
});

describe('an empty list', () => {
  it('offers to create an instance, and the three most used templates', async () => {
    const { onCreate } = await setup([]);
    expect(screen.getByRole('heading', { name: 'No instances yet' })).toBeTruthy();
    fireEvent.click(button('Create an instance'));
    expect(onCreate).toHaveBeenCalled();
    const choices = await screen.findByRole('navigation', { name: 'Start from a template' });
    expect(within(choices).getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(['#/create/default', '#/create/ubuntu', '#/create/debian']);
  });
});

describe('deleting an instance', () => {
  async function askToDelete(name: string) {
    openMenu(`More actions for ${name}`);
    fireEvent.click(await screen.findByRole('menuitem', { name: /^Delete/ }));
    return screen.findByRole('alertdialog');
  }

  it('asks first; Cancel is focused and Escape leaves the instance alone', async () => {
    const { fake } = await setup();
    const dialog = await askToDelete('dev');
    expect(dialog.textContent).toContain('/home/u/.lima/dev');
    await vi.waitFor(() => expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' })));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.calls.some((c) => c.method === 'deleteInstance')).toBe(false);
  });

  it('deletes a stopped instance and removes its row', async () => {
    const { fake } = await setup();
    fireEvent.click(within(await askToDelete('dev')).getByRole('button', { name: 'Delete' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'deleteInstance', params: { name: 'dev', confirmed: true } });
    await act(async () => fake.release('deleteInstance', { ok: true, value: { deleted: 'dev' } }));
    expect(row('dev')).toBeNull();
  });

  it('offers "Stop and delete" for a running instance, which forces', async () => {
    const { fake } = await setup();
    const dialog = await askToDelete('web');
    expect(dialog.textContent).toContain('web is running.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop and delete' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'deleteInstance', params: { name: 'web', confirmed: true, force: true } });
  });

  it('refuses to delete a protected instance, says why, and offers to unprotect it', async () => {
    const { fake } = await setup([instanceSummary('keep', 'Stopped', { protected: true })]);
    expect(within(row('keep')).getByRole('img', { name: 'Protected' })).toBeTruthy();
    const dialog = await askToDelete('keep');
    expect(within(dialog).getByRole('heading').textContent).toBe('keep is protected');
    expect(within(dialog).getByRole('alert').textContent).toBe('keep cannot be deleted: it is protected against accidental deletion and factory reset (limadesk protect keep).');
    expect(within(dialog).queryByRole('button', { name: /^Delete/ })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Unprotect keep' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'setProtected', params: { name: 'keep', protected: false } });
    expect(fake.calls.some((c) => c.method === 'deleteInstance')).toBe(false);
    await act(async () => fake.release('setProtected', { ok: true, value: { instance: instanceSummary('keep', 'Stopped'), changed: true } }));
    expect(within(row('keep')).queryByRole('img', { name: 'Protected' })).toBeNull();
    // Now Delete asks the usual question.
    expect(within(await askToDelete('keep')).getByRole('button', { name: 'Delete' })).toBeTruthy();
  });

  it('refuses the Delete key on a protected row the same way', async () => {
    await setup([instanceSummary('keep', 'Stopped', { protected: true })]);
    act(() => row('keep').focus());
    fireEvent.keyDown(row('keep'), { key: 'Delete' });
    expect(await screen.findByRole('alertdialog', { name: 'keep is protected' })).toBeTruthy();
  });
});

describe('what running rows show', () => {
  const usage = (name: string, time: number, cpu: number) => ({
    name,
    time,
    intervalMs: 2000,
    cpu: { vcpus: 2, hostCores: 2, percentOfVcpus: cpu, percentOfHost: cpu },
    memory: { configuredBytes: 4 * 1024 ** 3, hostRssBytes: 1024 ** 3 },
    disk: { virtualBytes: 1024 ** 3, onDiskBytes: 1024 ** 2 },
  });

  it('draws CPU and memory sparklines with the latest figures, sampling while the list is shown', async () => {
    const { fake } = await setup(undefined, (f) => f.handle('watchUsage', () => ({ ok: true, value: { intervalMs: 2000, leaseMs: 30_000, samples: [usage('web', 1000, 12)] } })));
    expect(fake.calls.filter((c) => c.method === 'watchUsage')).toHaveLength(1);
    const cpu = within(row('web')).getByRole('img', { name: 'CPU of web, last 5 minutes' });
    expect(cpu.dataset.points).toBe('1');
    expect(row('web').querySelector('.row-usage')?.textContent).toBe('CPU12%MEM25%');
    act(() => fake.emit('usageSampled', { samples: [usage('web', 3000, 60)] }));
    expect(cpu.dataset.points).toBe('2');
    expect(row('web').querySelector('.row-usage')?.textContent).toBe('CPU60%MEM25%');
    // A stopped row has none.
    expect(row('dev').querySelector('.row-usage')).toBeNull();
  });

  it("starts a running row's lines from what was sampled before, asking once per instance", async () => {
    const { fake } = await setup(undefined, (f) => {
      f.handle('watchUsage', () => ({ ok: true, value: { intervalMs: 2000, leaseMs: 30_000, samples: [usage('web', 9000, 12)] } }));
      f.handle('getUsage', () => ({ ok: true, value: { samples: [usage('web', 9000, 12)], history: [usage('web', 5000, 30), usage('web', 7000, 20)] } }));
    });
    await act(async () => {});
    expect(fake.calls.filter((c) => c.method === 'getUsage')).toEqual([{ method: 'getUsage', params: { name: 'web', history: true } }]);
    expect(within(row('web')).getByRole('img', { name: 'CPU of web, last 5 minutes' }).dataset.points).toBe('3');
  });

  it('holds no sampling when nothing runs, and lets go when the list goes', async () => {
    const { fake } = await setup([instanceSummary('dev', 'Stopped')]);
    expect(fake.calls.some((c) => c.method === 'watchUsage')).toBe(false);
    cleanup();
    const second = await setup();
    expect(second.fake.calls.filter((c) => c.method === 'watchUsage')).toHaveLength(1);
    cleanup();
    expect(second.fake.calls.filter((c) => c.method === 'unwatchUsage')).toHaveLength(1);
  });

  it('links the forwarded TCP ports of a running row', async () => {
    Object.defineProperty(window, 'innerWidth', { value: 1600, configurable: true });
    onTestFinished(() => void Object.defineProperty(window, 'innerWidth', { value: 1024, configurable: true }));
    await setup(undefined, (f) =>
      f.handle('listPortForwards', ({ name }) => ({
        ok: true,
        value: {
          forwards:
            name === 'web'
              ? [
                  { protocol: 'tcp', guestAddr: '0.0.0.0:80', hostAddr: '127.0.0.1:8080', state: 'forwarding' },
                  { protocol: 'tcp', guestAddr: '127.0.0.1:5432', hostAddr: '127.0.0.1:5432', state: 'forwarding' },
                  { protocol: 'tcp', guestAddr: '127.0.0.1:3000', hostAddr: '127.0.0.1:3000', state: 'failed', error: 'taken' },
                ]
              : [],
        },
      })),
    );
    const ports = await within(row('web')).findByLabelText('Forwarded ports of web');
    expect(within(ports).getByRole('link', { name: ':8080' }).getAttribute('href')).toBe('http://127.0.0.1:8080/');
    expect(ports.textContent).toBe(':5432:8080');
    expect(within(ports).getAllByRole('link')).toHaveLength(1);
    expect(within(row('dev')).queryByLabelText('Forwarded ports of dev')).toBeNull();
  });
});

describe('host problems where VMs start', () => {
  it('says above the list that VMs will be slow without KVM, once the list is up', async () => {
    const { fake } = await setup(undefined, (f) => f.handle('doctor', () => ({ ok: true, value: { checks: [{ id: 'accel', title: 'Hardware acceleration (KVM)', ok: false, detail: '/dev/kvm does not exist', fix: 'sudo modprobe kvm_intel' }] } })));
    // The list comes first; the host check a moment later.
    expect(fake.calls.some((c) => c.method === 'doctor')).toBe(false);
    const warnings = await screen.findByRole('region', { name: 'Host problems' }, { timeout: 4000 });
    expect(warnings.textContent).toContain('No hardware acceleration: VMs will be slow.');
    expect(fake.calls.filter((c) => c.method === 'doctor')).toHaveLength(1);
  });
});
