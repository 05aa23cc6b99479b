// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BootStageName, InstanceSummary, LogName } from '../../src-main/common/api';
import { ApiContext } from '../api/ApiContext';
import { createDraftStorage } from '../editor/drafts';
import { fakeApi } from '../logs/fake-api.test-support';
import { createAppStore, StoreContext } from '../store';
import '../ui/layout-shim.test-support';
import { OverviewTab } from './OverviewTab';
import { reportedErrors } from './StartFailure';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const vm: InstanceSummary = { name: 'vm1', status: 'Stopped', dir: '/l/vm1', vmType: 'qemu', arch: 'x86_64', cpus: 1, memory: 0, disk: 0, sshLocalPort: 0, message: '', protected: false, errors: [] };

function setup(logs: Partial<Record<LogName, string>> = {}) {
  const fake = fakeApi({
    readLog: (async (p: { log: LogName }) => ({ ok: true, value: { text: logs[p.log] ?? '', truncated: false } })) as never,
    getStartAtLogin: async () => ({ ok: true, value: { enabled: false, file: '/home/u/.config/systemd/user/lima-vm@vm1.service' } }),
  });
  const store = createAppStore(fake.api, { drafts: createDraftStorage(window.localStorage) });
  render(
    <ApiContext.Provider value={fake.api}>
      <StoreContext.Provider value={store}>
        <OverviewTab instance={vm} />
      </StoreContext.Provider>
    </ApiContext.Provider>,
  );
  const t0 = Date.UTC(2026, 10, 24, 20, 0, 0);
  const stage = (name: BootStageName, afterMs: number, message?: string, ok?: boolean) =>
    act(() => store.getState().receiveBootStage({ name: 'vm1', stage: name, time: new Date(t0 + afterMs).toISOString(), ...(message ? { message } : {}), ...(ok !== undefined ? { ok } : {}) }));
  return { fake, store, stage, t0 };
}

const stepTexts = () => within(screen.getByRole('list', { name: 'Boot stages' })).getAllByRole('listitem').map((li) => li.textContent);

describe('OverviewTab', () => {
  it('says there is nothing to show before a start', async () => {
    setup();
    expect(screen.getByText(/No start seen since Limadesk opened/)).toBeTruthy();
    expect(await screen.findByText('Nothing on the serial console yet.')).toBeTruthy();
  });

  it('moves through the stages with elapsed times, the current one live, serial lines beside', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { fake, stage, t0 } = setup();
    vi.setSystemTime(t0 + 1000);
    stage('agent-started', 0);
    stage('disks-ready', 400);
    stage('qemu-started', 900);
    await act(async () => {});
    expect(stepTexts()).toEqual(['+0.0 sHost agent startedtook 0.4 s', '+0.4 sDisks readytook 0.5 s', '+0.9 sQEMU started0.1 s so farwaiting for QEMU to open its monitor socket…']);
    const current = screen.getByRole('listitem', { current: 'step' });
    expect(current.getAttribute('data-stage')).toBe('qemu-started');
    act(() => {
      vi.setSystemTime(t0 + 3000);
      vi.advanceTimersByTime(400);
    });
    expect(current.textContent).toContain('2.5 s so far');
    act(() => fake.emit('logLines', { name: 'vm1', log: 'serial', lines: ['Linux version 6.1.0-56-amd64', 'LIMADESK-GUEST-BOOTED'] }));
    expect(screen.getByRole('log', { name: 'serial.log of vm1' }).textContent).toContain('LIMADESK-GUEST-BOOTED');
    stage('qmp-ready', 3500);
    stage('running', 3600);
    expect(screen.getByText('Booted')).toBeTruthy();
    expect(screen.getByRole('listitem', { current: 'step' }).textContent).toBe('+3.6 sRunning');
  });

  it('shows a failed start with the cause, its fix and the log lines that show it', async () => {
    const stderr = [
      '{"level":"info","msg":"QEMU exited","time":"2026-11-24T19:32:38.155Z","code":1,"signal":null}',
      '{"level":"debug","msg":"qemu[stderr]: qemu-system-x86_64: -netdev user,id=net0,hostfwd=tcp:127.0.0.1:47222-:22: Could not set up host forwarding rule \'tcp:127.0.0.1:47222-:22\'","time":"2026-11-24T19:32:38.146Z"}',
      '',
    ].join('\n');
    const { stage } = setup({ 'ha.stderr': stderr });
    stage('agent-started', 0);
    stage('qemu-started', 500);
    stage('qemu-exited', 600);
    stage('exiting', 700, 'the VM process exited during boot (exit code 1); see serial.log and ha.stderr.log');
    const alert = await screen.findByRole('alert', { name: 'Start failed' });
    expect(alert.textContent).toContain('the VM process exited during boot (exit code 1)');
    expect(await within(alert).findByRole('heading', { name: 'Port 47222 on the host is already in use' })).toBeTruthy();
    expect(within(alert).getByLabelText('Log lines showing: Port 47222 on the host is already in use').textContent).toBe(
      "ha.stderr.log: DEBUG qemu[stderr]: qemu-system-x86_64: -netdev user,id=net0,hostfwd=tcp:127.0.0.1:47222-:22: Could not set up host forwarding rule 'tcp:127.0.0.1:47222-:22'",
    );
    expect(screen.getByText('Start failed')).toBeTruthy();
    // A taken port is not about the host's setup: no detour to the doctor.
    expect(within(alert).queryByRole('link', { name: 'Open the Doctor page' })).toBeNull();
  });

  it('shows the latest start from the event log when it began before the window opened, until a live one begins', async () => {
    const { stage } = setup({
      'ha.stdout': [
        '{"time":"2026-11-24T19:57:25.653Z","status":{},"limadesk":{"stage":"agent-started","message":"pid 21409"}}',
        '{"time":"2026-11-24T19:57:25.742Z","status":{"exiting":true,"errors":["ssh.localPort 47333 is already in use on 127.0.0.1 by another program"]}}',
        '',
      ].join('\n'),
      'ha.stderr': '{"level":"error","msg":"host agent failed","time":"2026-11-24T19:57:25.741Z","error":"ssh.localPort 47333 is already in use on 127.0.0.1 by another program"}\n',
    });
    expect(await screen.findByText(/The latest start, read from ha.stdout.log/)).toBeTruthy();
    expect(stepTexts()).toEqual(['+0.0 sHost agent startedtook 0.1 spid 21409', '+0.1 sHost agent exitingssh.localPort 47333 is already in use on 127.0.0.1 by another program']);
    expect(await screen.findByRole('heading', { name: 'Port 47333 on the host is already in use' })).toBeTruthy();
    stage('agent-started', 0);
    expect(screen.queryByText(/The latest start, read from ha.stdout.log/)).toBeNull();
    expect(stepTexts()).toHaveLength(1);
  });

  it('says a boot that reached the guest with a failed mount runs degraded, naming the mount and why', async () => {
    const { stage } = setup();
    stage('agent-started', 0);
    stage('running', 500);
    stage('ssh-ready', 900);
    stage('probe', 950, 'Waiting for docker', true);
    expect(screen.queryByRole('alert')).toBeNull();
    stage('mount', 1000, '/home/u on /home/u (reverse-sshfs): sshfs: connection reset', false);
    stage('ready', 1500, 'a mount failed', false);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The instance runs, but part of its boot failed.');
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Mount: /home/u on /home/u (reverse-sshfs): sshfs: connection reset']);
    const mount = screen.getByRole('list', { name: 'Boot stages' }).querySelector('[data-stage="mount"]')!;
    expect(mount.className).toContain('is-failed');
    expect(mount.textContent).toContain('Mount failed');
    expect(screen.getByRole('list', { name: 'Boot stages' }).querySelector('[data-stage="probe"]')!.className).toContain('is-ok');
  });

  it('reads a failed stage back from the event log as failed', async () => {
    setup({
      'ha.stdout': [
        '{"time":"2026-11-24T19:57:25.653Z","status":{},"limadesk":{"stage":"agent-started"}}',
        '{"time":"2026-11-24T19:57:27.000Z","status":{"running":true},"limadesk":{"stage":"running"}}',
        '{"time":"2026-11-24T19:57:28.000Z","status":{"running":true},"limadesk":{"stage":"mount","message":"/data: 9p: no such device","ok":false}}',
        '{"time":"2026-11-24T19:57:29.000Z","status":{"running":true,"degraded":true,"errors":["a mount failed"]},"limadesk":{"stage":"ready","message":"a mount failed","ok":false}}',
        '',
      ].join('\n'),
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Mount: /data: 9p: no such device');
  });

  it('shows the host agent errors when no known cause matches', async () => {
    const { stage } = setup({ 'ha.stderr': '{"level":"error","msg":"host agent failed","time":"t","error":"disk full"}\n' });
    stage('agent-started', 0);
    stage('exiting', 100, 'disk full');
    expect((await screen.findByLabelText('Host agent errors and warnings')).textContent).toBe('ERROR host agent failed error=disk full');
  });
});

describe('reportedErrors', () => {
  const exiting = { stage: 'exiting' as const, time: 't', message: 'ssh.localPort 36399 is already in use on 127.0.0.1 by another program' };
  const op = (message: string) => ({ id: 'x', name: 'busy', action: 'start' as const, state: 'failed' as const, startedAt: 0, error: { code: 'internal' as const, message, hint: '' } });

  it('keeps the stage error and drops an action error that only wraps it', () => {
    const wrapped = `exiting, status={"exiting":true,"errors":["${exiting.message}"]} (hint: see "/l/busy/ha.stderr.log")`;
    expect(reportedErrors([exiting], op(wrapped))).toEqual([exiting.message]);
    expect(reportedErrors([exiting, exiting], undefined)).toEqual([exiting.message]);
  });

  it('keeps an action error that says something else, first', () => {
    expect(reportedErrors([], op('lima.yaml: field `cpus` must be a number'))).toEqual(['lima.yaml: field `cpus` must be a number']);
    expect(reportedErrors([exiting], op('the host agent did not start'))).toEqual(['the host agent did not start', exiting.message]);
  });
});
