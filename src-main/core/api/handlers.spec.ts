import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult, ApiValue } from '../../common/api';
import { createApiDispatch, createApiHandlers } from './handlers';
import { InstanceCatalog } from '../instances/catalog';
import type { ConfirmRequest, DialogService } from './dialogs';
import { createLogReader } from './log-reader';

const LIMA_YAML = 'images:\n- location: /nonexistent/test.img\n  arch: x86_64\ncpus: 1\n';

function dialogs(answer: boolean, asked: ConfirmRequest[]): DialogService {
  return {
    confirm: async (r) => {
      asked.push(r);
      return answer;
    },
    showError: async () => undefined,
  };
}

describe('API handlers over the real catalog', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'limadesk-api-'));
    mkdirSync(path.join(home, 'vm1'));
    writeFileSync(path.join(home, 'vm1', 'lima.yaml'), LIMA_YAML);
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const dispatchWith = (d?: DialogService) =>
    createApiDispatch(createApiHandlers({ catalog: new InstanceCatalog(home), logs: createLogReader(home), ...(d ? { dialogs: d } : {}) }));

  it('asks before deleting and keeps the instance when the user cancels', async () => {
    const asked: ConfirmRequest[] = [];
    expect(await dispatchWith(dialogs(false, asked))('deleteInstance', { name: 'vm1' })).toMatchObject({ ok: false, code: 'cancelled' });
    expect(asked[0]).toMatchObject({ confirmLabel: 'Delete', destructive: true });
    expect(existsSync(path.join(home, 'vm1'))).toBe(true);
    expect(await dispatchWith(dialogs(true, asked))('deleteInstance', { name: 'vm1' })).toEqual({ ok: true, value: { deleted: 'vm1' } });
    expect(existsSync(path.join(home, 'vm1'))).toBe(false);
  });

  it('does not ask twice when the page already confirmed the delete', async () => {
    const asked: ConfirmRequest[] = [];
    expect(await dispatchWith(dialogs(false, asked))('deleteInstance', { name: 'vm1', confirmed: true })).toEqual({ ok: true, value: { deleted: 'vm1' } });
    expect(asked).toEqual([]);
    expect(existsSync(path.join(home, 'vm1'))).toBe(false);
  });

  it('returns an invalid lima.yaml as issues with positions, leaving the file as it was', async () => {
    const result = await dispatchWith()('putConfigText', { name: 'vm1', text: 'cpus: -3\n' });
    expect(result).toMatchObject({ ok: false, code: 'invalid-config' });
    if (result.ok) return;
    expect(result.issues?.length).toBeGreaterThan(0);
    expect(result.issues?.every((i) => i.severity === 'error')).toBe(true);
    expect(await dispatchWith()('getConfigText', { name: 'vm1' })).toMatchObject({ ok: true, value: { text: LIMA_YAML } });
  });

  it('refuses a save over a lima.yaml that changed since it was read, and keeps the newer file', async () => {
    const read = (await dispatchWith()('getConfigText', { name: 'vm1' })) as ApiResult<ApiValue<'getConfigText'>>;
    if (!read.ok) throw new Error(read.message);
    const external = LIMA_YAML.replace('cpus: 1', 'cpus: 2');
    writeFileSync(path.join(home, 'vm1', 'lima.yaml'), external);
    utimesSync(path.join(home, 'vm1', 'lima.yaml'), new Date(), new Date(read.value.mtime + 5000));
    const stale = await dispatchWith()('putConfigText', { name: 'vm1', text: LIMA_YAML.replace('cpus: 1', 'cpus: 3'), expectedMtime: read.value.mtime });
    expect(stale).toMatchObject({ ok: false, code: 'conflict' });
    expect(readFileSync(path.join(home, 'vm1', 'lima.yaml'), 'utf8')).toBe(external);

    const fresh = (await dispatchWith()('getConfigText', { name: 'vm1' })) as ApiResult<ApiValue<'getConfigText'>>;
    if (!fresh.ok) throw new Error(fresh.message);
    const saved = await dispatchWith()('putConfigText', { name: 'vm1', text: LIMA_YAML.replace('cpus: 1', 'cpus: 3'), expectedMtime: fresh.value.mtime });
    expect(saved).toMatchObject({ ok: true });
    expect(readFileSync(path.join(home, 'vm1', 'lima.yaml'), 'utf8')).toContain('cpus: 3');
  });

  it('reads the tail of a log, and an empty one before the instance ever ran', async () => {
    const dispatch = dispatchWith();
    expect(await dispatch('readLog', { name: 'vm1', log: 'serial' })).toEqual({ ok: true, value: { text: '', truncated: false } });
    writeFileSync(path.join(home, 'vm1', 'serial.log'), 'first line\nsecond line\nthird line\n');
    expect(await dispatch('readLog', { name: 'vm1', log: 'serial', maxBytes: 15 })).toEqual({ ok: true, value: { text: 'third line\n', truncated: true } });
    expect(await dispatch('readLog', { name: 'ghost', log: 'serial' })).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('says plainly what is not wired instead of pretending', async () => {
    expect(await dispatchWith()('startInstance', { name: 'vm1' })).toMatchObject({ ok: false, code: 'unsupported', message: 'Starting instances is not available in this build of Limadesk' });
  });
});
