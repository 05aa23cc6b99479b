import type { ApiEvent, ApiEventName, LimadeskApi } from '../../src-main/common/api';

export interface FakeApi {
  api: LimadeskApi;
  /** Pushes an event to the listeners, as the main side would. */
  emit<E extends ApiEventName>(event: E, payload: ApiEvent<E>): void;
  calls: { method: string; params: unknown }[];
}

/** An API whose given methods answer and whose others fail the test that calls them. */
export function fakeApi(methods: Partial<Omit<LimadeskApi, 'on'>>): FakeApi {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: FakeApi['calls'] = [];
  const api = new Proxy({} as LimadeskApi, {
    get(_target, prop: string) {
      if (prop === 'on') {
        return (event: string, listener: (p: unknown) => void) => {
          const set = listeners.get(event) ?? new Set();
          set.add(listener);
          listeners.set(event, set);
          return () => set.delete(listener);
        };
      }
      const impl = (methods as Record<string, ((p: unknown) => unknown) | undefined>)[prop];
      return (params: unknown) => {
        calls.push({ method: prop, params });
        if (!impl) throw new Error(`the test did not expect a call to ${prop}`);
        return impl(params);
      };
    },
  });
  return {
    api,
    calls,
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}
