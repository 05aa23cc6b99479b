import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from './route';

describe('hash routes', () => {
  it('round-trips every screen', () => {
    for (const route of [{ page: 'instances' }, { page: 'instances', instance: 'dev' }, { page: 'instances', instance: 'a.b-c', tab: 'config' }, { page: 'instances', instance: 'vm', tab: 'config', line: 12 }, { page: 'create' }, { page: 'create', template: 'ubuntu' }, { page: 'disks' }, { page: 'doctor' }, { page: 'hosts' }, { page: 'settings' }] as const) {
      expect(parseRoute(formatRoute(route))).toEqual(route);
    }
  });

  it('falls back to the list for anything unknown, and survives a stray %', () => {
    expect(parseRoute('')).toEqual({ page: 'instances' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'instances' });
    expect(parseRoute('#/instances/a%zz')).toEqual({ page: 'instances', instance: 'a%zz' });
  });
});
