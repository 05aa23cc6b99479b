import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiIssue, ApiResult } from '../../src-main/common/api';
import { ApiBackendError, createApiEditorBackend } from './api-backend';
import type { ConfigApi } from './api-backend';

/** The three config methods over an in-memory lima.yaml, answering the way the main side does. */
function fakeConfigApi(initial: string) {
  const state = { text: initial, mtime: 1000, puts: 0, missing: false };
  const issuesOf = (text: string): ApiIssue[] =>
    /cpus: -/.test(text) ? [{ severity: 'error', field: 'cpus', message: 'must be at least 1', line: 1, col: 7 }] : [];
  const api: ConfigApi = {
    async getConfigText({ name }) {
      if (state.missing) return { ok: false, code: 'not-found', message: `instance "${name}" does not exist` };
      return { ok: true, value: { text: state.text, mtime: state.mtime } };
    },
    async putConfigText({ text, expectedMtime }): Promise<ApiResult<{ warnings: ApiIssue[]; mtime: number }>> {
      if (expectedMtime !== undefined && expectedMtime !== state.mtime) return { ok: false, code: 'conflict', message: 'lima.yaml changed on disk' };
      const issues = issuesOf(text);
      if (issues.length > 0) return { ok: false, code: 'invalid-config', message: 'lima.yaml is invalid', issues };
      state.puts++;
      state.text = text;
      state.mtime++;
      return { ok: true, value: { warnings: [], mtime: state.mtime } };
    },
    async validateConfig({ text }) {
      return { ok: true, value: { issues: issuesOf(text) } };
    },
  };
  return { api, state };
}

afterEach(() => vi.useRealTimers());

describe('API editor backend', () => {
  it('loads, validates and saves through the API', async () => {
    const { api, state } = fakeConfigApi('cpus: 2\n');
    const backend = createApiEditorBackend(api);
    const loaded = await backend.load('dev');
    expect(loaded).toEqual({ text: 'cpus: 2\n', mtime: 1000 });
    expect(await backend.validate('cpus: -1\n', 'dev')).toEqual([{ severity: 'error', field: 'cpus', message: 'must be at least 1', line: 1, col: 7 }]);
    expect(await backend.save('dev', 'cpus: -1\n', loaded)).toMatchObject({ ok: false, reason: 'invalid', issues: [{ field: 'cpus' }] });
    expect(await backend.save('dev', 'cpus: 4\n', loaded)).toEqual({ ok: true, warnings: [], mtime: 1001 });
    expect(state.text).toBe('cpus: 4\n');
  });

  it('refuses to overwrite a file that changed since it was loaded', async () => {
    const { api, state } = fakeConfigApi('cpus: 2\n');
    const backend = createApiEditorBackend(api);
    const loaded = await backend.load('dev');
    state.text = 'cpus: 3\n';
    state.mtime++;
    expect(await backend.save('dev', 'cpus: 4\n', loaded)).toEqual({
      ok: false,
      reason: 'conflict',
      message: 'lima.yaml changed on disk since it was opened',
      current: { text: 'cpus: 3\n', mtime: 1001 },
    });
    expect(state.puts).toBe(0);
  });

  it('throws API failures with their code', async () => {
    const { api, state } = fakeConfigApi('');
    state.missing = true;
    const error = await createApiEditorBackend(api).load('ghost').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiBackendError);
    expect((error as ApiBackendError).failure.code).toBe('not-found');
  });

  it('notices external edits by polling and on focus', async () => {
    vi.useFakeTimers();
    const { api, state } = fakeConfigApi('cpus: 2\n');
    const focus = new EventTarget();
    const backend = createApiEditorBackend(api, { pollMs: 1000, focusTarget: focus as unknown as Window });
    const seen: string[] = [];
    const stop = backend.watch('dev', (c) => seen.push(c.text));
    await vi.advanceTimersByTimeAsync(0);

    state.text = 'cpus: 3\n';
    state.mtime++;
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(['cpus: 3\n']);

    state.text = 'cpus: 5\n';
    state.mtime++;
    focus.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['cpus: 3\n', 'cpus: 5\n']);

    stop();
    state.text = 'cpus: 6\n';
    state.mtime++;
    await vi.advanceTimersByTimeAsync(5000);
    focus.dispatchEvent(new Event('focus'));
    expect(seen).toHaveLength(2);
  });
});
