// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstanceSummary, InstanceUsage, PortForwardInfo } from '../../src-main/common/api';
import '../ui/layout-shim.test-support';
import { ApiContext } from '../api/ApiContext';
import { OverviewTab } from '../boot/OverviewTab';
import { createDraftStorage } from '../editor/drafts';
import { connectStore, createAppStore } from '../store/create-store';
import { createFakeApi, instanceSummary } from '../store/fake-api';
import { StoreContext, useInstance } from '../store/hooks';
import { afterSettledWork } from './settled-work.test-support';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function sample(time: number, extra: Partial<InstanceUsage> = {}): InstanceUsage {
  return {
    name: 'vm',
    time,
    intervalMs: 2000,
    cpu: { vcpus: 2, hostCores: 2, percentOfVcpus: 40, percentOfHost: 40 },
    memory: { configuredBytes: GiB, hostRssBytes: 310 * MiB, guest: { totalBytes: 960 * MiB, availableBytes: 700 * MiB, usedBytes: 260 * MiB } },
    disk: { virtualBytes: 10 * GiB, onDiskBytes: 2 * GiB, readBytesPerSec: 4096, writeBytesPerSec: 0 },
    network: { rxBytesPerSec: 1024, txBytesPerSec: 512 },
    ...extra,
  };
}

const forwards: PortForwardInfo[] = [
  { protocol: 'tcp', guestAddr: '0.0.0.0:22', state: 'not-forwarding' },
  { protocol: 'tcp', guestAddr: '127.0.0.1:8080', hostAddr: '127.0.0.1:8080', state: 'forwarding' },
  { protocol: 'tcp', guestAddr: '127.0.0.1:8081', hostAddr: '127.0.0.1:9999', state: 'failed', error: 'listen tcp 127.0.0.1:9999: bind: address already in use' },
  { protocol: 'unix', guestAddr: '/run/docker.sock', hostAddr: '/l/vm/sock/docker.sock', state: 'forwarding' },
];

function Overview({ name }: { name: string }) {
  const instance = useInstance(name);
  return instance ? <OverviewTab instance={instance} /> : null;
}

async function setup(instance: InstanceSummary = instanceSummary('vm', 'Running', { sshLocalPort: 60022 })) {
  const fake = createFakeApi();
  fake.handle('listInstances', () => ({ ok: true, value: [instance] }));
  fake.handle('readLog', () => ({ ok: true, value: { text: '', truncated: false } }));
  fake.handle('getStartAtLogin', () => ({ ok: true, value: { enabled: false, file: '/home/u/.config/systemd/user/lima-vm@vm.service' } }));
  fake.handle('watchUsage', () => ({ ok: true, value: { intervalMs: 2000, leaseMs: 30_000, samples: [sample(9000)] } }));
  fake.handle('unwatchUsage', () => ({ ok: true, value: {} }));
  fake.handle('getUsage', () => ({ ok: true, value: { samples: [sample(9000)], history: [sample(5000, { cpu: undefined, intervalMs: 0 }), sample(7000)] } }));
  fake.handle('listPortForwards', () => ({ ok: true, value: { forwards } }));
  const store = createAppStore(fake.api, { drafts: createDraftStorage(window.localStorage) });
  await act(async () => {
    connectStore(store, fake.api);
  });
  const view = render(
    <ApiContext.Provider value={fake.api}>
      <StoreContext.Provider value={store}>
        <Overview name={instance.name} />
      </StoreContext.Provider>
    </ApiContext.Provider>,
  );
  await act(async () => {});
  await afterSettledWork();
  return { fake, store, view, calls: (m: string) => fake.calls.filter((c) => c.method === m) };
}

afterEach(cleanup);
beforeEach(() => window.localStorage.clear());

describe("the Overview's usage", () => {
  it('fills the charts with the history, shows the latest figures beside them, and samples while shown', async () => {
    const { fake, view, calls } = await setup();
    expect(calls('getUsage')).toEqual([{ method: 'getUsage', params: { name: 'vm', history: true } }]);
    expect(calls('watchUsage')).toHaveLength(1);
    const usage = screen.getByRole('region', { name: 'Usage' });
    const cpu = within(usage).getByRole('img', { name: 'CPU of vm, percent of its vCPUs, last 10 minutes' });
    // Three samples; the first has no CPU rate yet.
    expect(cpu.dataset.points).toBe('3');
    expect(cpu.dataset.drawn).toBe('2');
    const figures = within(usage).getAllByRole('figure').map((f) => f.querySelector('figcaption')?.textContent);
    expect(figures).toEqual([
      "CPU40%of 2 vCPUs · 40% of the host's 2 cores",
      'Memory260MiBof 960MiB in the guest · QEMU holds 310MiB on the host',
      'Disk4KiB/s read0B/s writtenthe image takes 2GiB of 10GiB on the host',
      "Network1KiB/s in512B/s outthe guest's interfaces, loopback left out",
    ]);
    act(() => fake.emit('usageSampled', { samples: [sample(11_000, { cpu: { vcpus: 2, hostCores: 2, percentOfVcpus: 75, percentOfHost: 75 } })] }));
    expect(within(usage).getAllByRole('figure')[0]?.textContent).toContain('75%');
    expect(cpu.dataset.points).toBe('4');
    view.unmount();
    expect(calls('unwatchUsage')).toHaveLength(1);
  });

  it('says why a figure is missing', async () => {
    const { fake } = await setup();
    act(() =>
      fake.emit('usageSampled', {
        samples: [sample(11_000, { memory: { configuredBytes: GiB, hostRssBytes: 300 * MiB }, network: undefined, notes: ['guest memory and network: SSH is not up yet'] })],
      }),
    );
    const usage = screen.getByRole('region', { name: 'Usage' });
    expect(within(usage).getByRole('list', { name: 'Why some figures are missing' }).textContent).toBe('guest memory and network: SSH is not up yet');
    expect(within(usage).getAllByRole('figure')[3]?.querySelector('.usage-now')?.textContent).toBe('— in— out');
    expect(within(usage).getAllByRole('figure')[1]?.textContent).toContain("QEMU's resident size on the host");
  });

  it('says that a first sample has no rates yet', async () => {
    const { fake } = await setup();
    act(() => fake.emit('usageSampled', { samples: [sample(11_000, { intervalMs: 0, cpu: undefined, network: undefined, disk: { virtualBytes: GiB, onDiskBytes: MiB } })] }));
    const notes = within(screen.getByRole('region', { name: 'Usage' })).getByRole('list', { name: 'Why some figures are missing' });
    expect(notes.textContent).toBe('The first sample has no rates yet: CPU, disk and network rates come with the next one.');
  });

  it('samples nothing for a stopped instance', async () => {
    const { calls } = await setup(instanceSummary('vm', 'Stopped'));
    expect(calls('watchUsage')).toHaveLength(0);
    expect(calls('listPortForwards')).toHaveLength(0);
    expect(screen.getByRole('region', { name: 'Usage' }).textContent).toContain('Usage is sampled while vm runs.');
  });
});

describe("the Overview's ports", () => {
  it('lists each forward with its guest and host address and state, a failed one with its error, an HTTP one as a link', async () => {
    await setup();
    const table = screen.getByRole('table', { name: 'Port forwards of vm' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows).toEqual([
      ['0.0.0.0:22', '—', 'Not forwarded: the guest\u2019s SSH server', ''],
      ['127.0.0.1:8080', '127.0.0.1:8080', 'Forwarding', 'Open'],
      ['127.0.0.1:8081', '127.0.0.1:9999', 'Failed: listen tcp 127.0.0.1:9999: bind: address already in use', ''],
      ['/run/docker.sock socket', '/l/vm/sock/docker.sock', 'Forwarding', ''],
    ]);
    const open = within(table).getByRole('link', { name: 'Open http://127.0.0.1:8080/' });
    expect(open.getAttribute('href')).toBe('http://127.0.0.1:8080/');
    expect(open.getAttribute('target')).toBe('_blank');
  });

  it('is fetched again when a forward changes', async () => {
    const { fake, calls } = await setup();
    expect(calls('listPortForwards')).toHaveLength(1);
    fake.handle('listPortForwards', () => ({ ok: true, value: { forwards: [...forwards, { protocol: 'tcp', guestAddr: '0.0.0.0:3000', hostAddr: '127.0.0.1:3000', state: 'forwarding' }] } }));
    act(() => fake.emit('portForwardChanged', { name: 'vm', type: 'forwarding', protocol: 'tcp', guestAddr: '0.0.0.0:3000', hostAddr: '127.0.0.1:3000' }));
    expect(await screen.findByRole('link', { name: 'Open http://127.0.0.1:3000/' }, { timeout: 2000 })).toBeTruthy();
    expect(calls('listPortForwards')).toHaveLength(2);
  });
});

describe("the Overview's settings", () => {
  it('turns start at login on and says where the unit is', async () => {
    const { fake } = await setup();
    fake.handle('setStartAtLogin', ({ enabled }) => ({ ok: true, value: { enabled, file: '/home/u/.config/systemd/user/lima-vm@vm.service' } }));
    const toggle = await screen.findByRole('switch', { name: 'Start at login' });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    await act(async () => fireEvent.click(toggle));
    expect(fake.calls.at(-1)).toEqual({ method: 'setStartAtLogin', params: { name: 'vm', enabled: true } });
    expect((toggle as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('region', { name: 'Settings' }).textContent).toContain('vm starts when you log in (/home/u/.config/systemd/user/lima-vm@vm.service).');
  });

  it('says what the host made of it when the service manager refuses', async () => {
    const { fake } = await setup();
    fake.handle('setStartAtLogin', () => ({ ok: false, code: 'unsupported', message: 'systemd is not running for this user' }));
    const toggle = await screen.findByRole('switch', { name: 'Start at login' });
    await act(async () => fireEvent.click(toggle));
    expect((toggle as HTMLInputElement).checked).toBe(false);
    expect(screen.getByRole('region', { name: 'Settings' }).querySelector('[role="alert"]')?.textContent).toBe(' Not changed: systemd is not running for this user');
  });
});
