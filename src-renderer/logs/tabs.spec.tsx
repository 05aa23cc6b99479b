// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiResult, InstanceSummary, LogName } from '../../src-main/common/api';
import { ApiContext } from '../api/ApiContext';
import { createDraftStorage } from '../editor/drafts';
import { createAppStore } from '../store/create-store';
import { StoreContext } from '../store/hooks';
import { fakeApi, type FakeApi } from './fake-api.test-support';
import { LogsTab } from './LogsTab';
import { SerialTab } from './SerialTab';

afterEach(cleanup);

const vm: InstanceSummary = { name: 'vm1', status: 'Running', dir: '/l/vm1', vmType: 'qemu', arch: 'x86_64', cpus: 1, memory: 0, disk: 0, sshLocalPort: 60022, message: '', protected: false, errors: [] };

function withProviders(fake: FakeApi, child: ReactNode) {
  const store = createAppStore(fake.api, { drafts: createDraftStorage(window.localStorage) });
  return (
    <ApiContext.Provider value={fake.api}>
      <StoreContext.Provider value={store}>{child}</StoreContext.Provider>
    </ApiContext.Provider>
  );
}

const lines = () => [...document.querySelectorAll('.limadesk-log-line')].map((el) => el.textContent);

describe('SerialTab', () => {
  it('shows the serial tail, then appends pushed lines without repeating what the read returned', async () => {
    let answer: (r: ApiResult<{ text: string; truncated: boolean }>) => void = () => {};
    const fake = fakeApi({ readLog: () => new Promise((resolve) => (answer = resolve)) });
    render(withProviders(fake, <SerialTab instance={vm} />));
    expect(fake.calls[0]).toEqual({ method: 'readLog', params: { name: 'vm1', log: 'serial', maxBytes: 2 * 1024 * 1024 } });
    // A push that races the read and repeats its last line.
    act(() => fake.emit('logLines', { name: 'vm1', log: 'serial', lines: ['Run /init', 'LIMADESK-GUEST-BOOTED'] }));
    await act(async () => answer({ ok: true, value: { text: 'Linux version 6.1\nRun /init\n', truncated: false } }));
    expect(lines()).toEqual(['Linux version 6.1', 'Run /init', 'LIMADESK-GUEST-BOOTED']);
    act(() => fake.emit('logLines', { name: 'vm1', log: 'ha.stderr', lines: ['not serial'] }));
    act(() => fake.emit('logLines', { name: 'other', log: 'serial', lines: ['other vm'] }));
    act(() => fake.emit('logLines', { name: 'vm1', log: 'serial', lines: ['~ # '] }));
    expect(lines()).toEqual(['Linux version 6.1', 'Run /init', 'LIMADESK-GUEST-BOOTED', '~ # ']);
    expect((screen.getByRole('checkbox', { name: 'Follow' }) as HTMLInputElement).checked).toBe(true);
  });

  it('says why there is nothing for a stopped instance', async () => {
    const fake = fakeApi({ readLog: async () => ({ ok: true, value: { text: '', truncated: false } }) });
    render(withProviders(fake, <SerialTab instance={{ ...vm, status: 'Stopped' }} />));
    expect(await screen.findByText('vm1 is stopped; start it to see its serial console.')).toBeTruthy();
  });
});

describe('LogsTab', () => {
  it('picks a log, reads it, and says when older lines were left out', async () => {
    const texts: Record<LogName, string> = { 'ha.stderr': 'time="x" level=info msg="Starting QEMU"\n', 'ha.stdout': '{"status":{"running":true}}\n', serial: 'boot\n' };
    const fake = fakeApi({ readLog: async (p: { log: LogName }) => ({ ok: true, value: { text: texts[p.log], truncated: p.log === 'ha.stdout' } }) } as never);
    render(withProviders(fake, <LogsTab instance={vm} />));
    expect(await screen.findByText('time="x" level=info msg="Starting QEMU"')).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: 'Readable' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.change(screen.getByRole('combobox', { name: 'Log' }), { target: { value: 'ha.stdout' } });
    expect(await screen.findByText('{"status":{"running":true}}')).toBeTruthy();
    expect(screen.getByText(/Showing the last 1 lines; older lines are in ha.stdout.log/)).toBeTruthy();
    expect(screen.getByRole('log', { name: 'ha.stdout.log of vm1' })).toBeTruthy();
  });

  it('shows the JSON lines of the host agent log as text, or raw', async () => {
    const line = '{"level":"info","msg":"VM process started","time":"2026-11-24T19:32:22.048Z","pid":10644}';
    const fake = fakeApi({ readLog: async () => ({ ok: true, value: { text: `${line}\n`, truncated: false } }) });
    render(withProviders(fake, <LogsTab instance={vm} />));
    expect(await screen.findByText('INFO VM process started pid=10644')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Readable' }));
    expect(screen.getByText(line)).toBeTruthy();
  });

  it('shows a read failure', async () => {
    const fake = fakeApi({ readLog: async () => ({ ok: false, code: 'not-found', message: 'instance "vm1" does not exist' }) });
    render(withProviders(fake, <LogsTab instance={vm} />));
    expect((await screen.findByRole('alert')).textContent).toBe('Cannot read ha.stderr.log: instance "vm1" does not exist');
  });
});
