/**
 * The editor backend over the typed Limadesk API. The API has no change event for lima.yaml,
 * so an external edit is noticed by re-reading the file (on an interval and when the window
 * regains focus); a save carries the mtime it started from, and the main side refuses it
 * with 'conflict' if the file changed since, so nothing is overwritten between check and write.
 */
import type { ApiFailure, ApiMethodFunctions } from '../../src-main/common/api';
import { sameFileState } from './backend';
import type { EditorBackend, LoadedConfig, SaveResult } from './backend';

export type ConfigApi = Pick<ApiMethodFunctions, 'getConfigText' | 'putConfigText' | 'validateConfig'>;

export interface ApiBackendOptions {
  pollMs?: number;
  /** Where focus events come from; the window in the app, absent in tests. */
  focusTarget?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

export class ApiBackendError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message);
    this.name = 'ApiBackendError';
  }
}

export function createApiEditorBackend(api: ConfigApi, options: ApiBackendOptions = {}): EditorBackend {
  const pollMs = options.pollMs ?? 2000;

  async function load(name: string): Promise<LoadedConfig> {
    const result = await api.getConfigText({ name });
    if (!result.ok) throw new ApiBackendError(result);
    return { text: result.value.text, mtime: result.value.mtime };
  }

  async function save(name: string, text: string, expected: LoadedConfig): Promise<SaveResult> {
    const result = await api.putConfigText({ name, text, ...(expected.mtime !== undefined ? { expectedMtime: expected.mtime } : {}) });
    if (result.ok) return { ok: true, warnings: result.value.warnings, mtime: result.value.mtime, ...(result.value.restartNeeded !== undefined ? { restartNeeded: result.value.restartNeeded } : {}) };
    if (result.code === 'conflict') {
      return { ok: false, reason: 'conflict', message: 'lima.yaml changed on disk since it was opened', current: await load(name) };
    }
    if (result.code === 'invalid-config') {
      return { ok: false, reason: 'invalid', message: result.message, issues: result.issues ?? [] };
    }
    return { ok: false, reason: 'failed', message: result.message };
  }

  async function validate(text: string, _name: string) {
    const result = await api.validateConfig({ text });
    if (!result.ok) throw new ApiBackendError(result);
    return result.value.issues;
  }

  function watch(name: string, onChange: (current: LoadedConfig) => void): () => void {
    let last: LoadedConfig | undefined;
    let stopped = false;
    const check = () => {
      load(name).then(
        (current) => {
          if (stopped) return;
          if (last && !sameFileState(last, current)) onChange(current);
          last = current;
        },
        // A failed read (file briefly absent during an atomic rename) is retried on the next tick.
        () => undefined,
      );
    };
    check();
    const timer = setInterval(check, pollMs);
    options.focusTarget?.addEventListener('focus', check);
    return () => {
      stopped = true;
      clearInterval(timer);
      options.focusTarget?.removeEventListener('focus', check);
    };
  }

  return { load, save, validate, watch };
}
