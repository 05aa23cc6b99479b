import { describe, expect, it } from 'vitest';
import { instanceSummary } from '../store/fake-api';
import { isListSort, remoteHosts, visibleNames } from './list-view';
import type { ListQuery } from './list-view';

const GiB = 1024 ** 3;
const instances = Object.fromEntries(
  [
    instanceSummary('web', 'Running', { memory: 8 * GiB, sshLocalPort: 60022 }),
    instanceSummary('db', 'Stopped', { memory: 2 * GiB }),
    instanceSummary('old', 'Broken', { memory: 8 * GiB }),
    instanceSummary('webtest', 'Stopped', { memory: 4 * GiB }),
  ].map((summary) => [summary.name, { summary }]),
);
const query = (q: Partial<ListQuery>): ListQuery => ({ search: '', status: 'all', sort: { key: 'name', dir: 'asc' }, ...q });

describe('the list view', () => {
  it('sorts by name by default, and by any column both ways, ties by name', () => {
    expect(visibleNames(instances, query({}))).toEqual(['db', 'old', 'web', 'webtest']);
    expect(visibleNames(instances, query({ sort: { key: 'memory', dir: 'desc' } }))).toEqual(['old', 'web', 'webtest', 'db']);
    expect(visibleNames(instances, query({ sort: { key: 'status', dir: 'asc' } }))).toEqual(['web', 'old', 'db', 'webtest']);
    expect(visibleNames(instances, query({ sort: { key: 'ssh', dir: 'asc' } }))[0]).toBe('web');
  });

  it('searches names, case-insensitively, and filters by status', () => {
    expect(visibleNames(instances, query({ search: ' WEB ' }))).toEqual(['web', 'webtest']);
    expect(visibleNames(instances, query({ status: 'Stopped' }))).toEqual(['db', 'webtest']);
    expect(visibleNames(instances, query({ search: 'web', status: 'Running' }))).toEqual(['web']);
    expect(visibleNames(instances, query({ search: 'nothing' }))).toEqual([]);
  });

  it('filters by host: every host, this machine only, or one remote host', () => {
    const mixed = { ...instances, ...Object.fromEntries([instanceSummary('far', 'Running', { host: 'lab' }), instanceSummary('near', 'Stopped', { host: 'desk' })].map((summary) => [summary.name, { summary }])) };
    expect(remoteHosts(mixed)).toEqual(['desk', 'lab']);
    expect(remoteHosts(instances)).toEqual([]);
    expect(visibleNames(mixed, query({ host: 'all' }))).toHaveLength(6);
    expect(visibleNames(mixed, query({ host: 'local' }))).toEqual(['db', 'old', 'web', 'webtest']);
    expect(visibleNames(mixed, query({ host: { remote: 'lab' } }))).toEqual(['far']);
    expect(visibleNames(mixed, query({ host: { remote: 'lab' }, status: 'Stopped' }))).toEqual([]);
  });

  it('accepts only a well-formed remembered sort', () => {
    expect(isListSort({ key: 'cpus', dir: 'desc' })).toBe(true);
    expect(isListSort({ key: 'colour', dir: 'desc' })).toBe(false);
    expect(isListSort(null)).toBe(false);
  });
});
