/**
 * An in-memory LimadeskApi for component tests: every call is recorded, answers come from
 * handlers the test sets (or wait until the test releases them), and events are pushed by hand.
 */
import type { ApiEvent, ApiEventName, ApiMethodName, ApiParams, ApiResult, ApiValue, InstanceSummary, LimadeskApi } from '../../src-main/common/api';

type Handler<M extends ApiMethodName> = (params: ApiParams<M>) => ApiResult<ApiValue<M>> | Promise<ApiResult<ApiValue<M>>>;

export interface FakeApi {
  api: LimadeskApi;
  calls: { method: ApiMethodName; params: unknown }[];
  /** Answers a method; without a handler a call waits until `release`. */
  handle<M extends ApiMethodName>(method: M, handler: Handler<M>): void;
  /** Answers the oldest waiting call of a method. */
  release<M extends ApiMethodName>(method: M, result: ApiResult<ApiValue<M>>): void;
  emit<E extends ApiEventName>(event: E, payload: ApiEvent<E>): void;
}

export function instanceSummary(name: string, status: InstanceSummary['status'] = 'Stopped', extra: Partial<InstanceSummary> = {}): InstanceSummary {
  return { name, status, dir: `/home/u/.lima/${name}`, vmType: 'qemu', arch: 'x86_64', cpus: 2, memory: 4 * 1024 ** 3, disk: 100 * 1024 ** 3, sshLocalPort: 0, message: '', protected: false, errors: [], ...extra };
}

export function createFakeApi(): FakeApi {
  const calls: FakeApi['calls'] = [];
  const handlers = new Map<ApiMethodName, (params: unknown) => unknown>();
  const waiting = new Map<ApiMethodName, ((result: unknown) => void)[]>();
  const listeners = new Map<ApiEventName, Set<(payload: unknown) => void>>();

  const method = (name: ApiMethodName) => (params: unknown) => {
    calls.push({ method: name, params });
    const handler = handlers.get(name);
    if (handler) return Promise.resolve(handler(params));
    return new Promise((resolve) => waiting.set(name, [...(waiting.get(name) ?? []), resolve]));
  };

  const api = new Proxy({} as LimadeskApi, {
    get(_target, prop) {
      if (prop === 'on') {
        return (event: ApiEventName, listener: (payload: unknown) => void) => {
          const set = listeners.get(event) ?? new Set();
          set.add(listener);
          listeners.set(event, set);
          return () => set.delete(listener);
        };
      }
      if (prop === 'then') return undefined;
      return method(prop as ApiMethodName);
    },
  });

  return {
    api,
    calls,
    handle(name, handler) {
      handlers.set(name, handler as (params: unknown) => unknown);
    },
    release(name, result) {
      const queue = waiting.get(name) ?? [];
      const next = queue.shift();
      if (!next) throw new Error(`no ${name} call is waiting`);
      next(result);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}
