import { describe, expect, it } from 'vitest';
import { createFakeApi, instanceSummary } from '../store/fake-api';
import { withHostRouting } from './host-routing';

describe("the page's calls reach the host an instance lives on", () => {
  it('adds the host of a remote instance, leaves this machine\'s alone, and follows the events', async () => {
    const fake = createFakeApi();
    fake.handle('listInstances', () => ({ ok: true, value: [instanceSummary('here'), instanceSummary('there', 'Running', { host: 'box' })] }));
    fake.handle('stopInstance', () => ({ ok: true, value: { instance: instanceSummary('x') } }));
    fake.handle('openVncSession', () => ({ ok: true, value: { url: 'ws://127.0.0.1:1/vnc/t', password: 'p' } }));
    fake.handle('doctor', () => ({ ok: true, value: { checks: [] } }));
    const api = withHostRouting(fake.api);
    await api.listInstances({});
    await api.stopInstance({ name: 'there', force: true });
    await api.stopInstance({ name: 'here' });
    await api.doctor({});
    // An instance that appears later on another host, by its event.
    fake.emit('instanceStatusChanged', { name: 'late', status: 'Stopped', previous: 'Unknown', instance: instanceSummary('late', 'Stopped', { host: 'mini' }), host: 'mini' });
    await api.openVncSession({ name: 'late' });
    expect(fake.calls.slice(1)).toEqual([
      { method: 'stopInstance', params: { name: 'there', force: true, host: 'box' } },
      { method: 'stopInstance', params: { name: 'here' } },
      { method: 'doctor', params: {} },
      { method: 'openVncSession', params: { name: 'late', host: 'mini' } },
    ]);
  });

  it('refuses a name two machines have instead of guessing which one was meant', async () => {
    const fake = createFakeApi();
    fake.handle('listInstances', () => ({ ok: true, value: [instanceSummary('dev'), instanceSummary('dev', 'Stopped', { host: 'box' })] }));
    const api = withHostRouting(fake.api);
    await api.listInstances({});
    expect(await api.deleteInstance({ name: 'dev', confirmed: true })).toEqual({
      ok: false,
      code: 'conflict',
      message: '"dev" exists on box and this machine: the dashboard cannot tell them apart; use `limadesk --host HOST` on the command line',
    });
    expect(fake.calls.map((c) => c.method)).toEqual(['listInstances']);
    // Once one of them is gone, the other is meant.
    fake.emit('instanceStatusChanged', { name: 'dev', status: 'Deleted', previous: 'Stopped', instance: null, host: 'box' });
    fake.handle('deleteInstance', () => ({ ok: true, value: { deleted: 'dev' } }));
    expect(await api.deleteInstance({ name: 'dev', confirmed: true })).toEqual({ ok: true, value: { deleted: 'dev' } });
    expect(fake.calls.at(-1)).toEqual({ method: 'deleteInstance', params: { name: 'dev', confirmed: true } });
  });
});
