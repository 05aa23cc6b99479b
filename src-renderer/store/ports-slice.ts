/**
 * The port forwards of running instances, as their host agents report them (listPortForwards),
 * fetched when something shows them and fetched again when a forward starts, fails or stops
 * (portForwardChanged). And the SOCKS tunnels this window opened, so asking again shows the
 * same proxy instead of starting another.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { ApiEvent, ApiResult, ApiValue, LimadeskApi, PortForwardInfo } from '../../src-main/common/api';
import { failureText } from '../api/failure-text';
import type { AppState } from './app-state';

export interface PortsEntry {
  forwards: PortForwardInfo[];
  loading: boolean;
  error?: string;
}

export type Tunnel = ApiValue<'openTunnel'>;

export interface PortsSlice {
  ports: Record<string, PortsEntry>;
  tunnels: Record<string, Tunnel>;
  /** Fetches the instance's forwards unless a fetch is under way. */
  loadPorts: (name: string) => Promise<void>;
  receivePortEvent: (event: ApiEvent<'portForwardChanged'>) => void;
  /** The instance stopped: its forwards and tunnel are gone. */
  forgetPorts: (name: string) => void;
  openTunnel: (name: string) => Promise<ApiResult<Tunnel>>;
}

export type PortsApi = Pick<LimadeskApi, 'listPortForwards' | 'openTunnel'>;

/** Events come in bursts (a guest starting several listeners): one fetch for the burst. */
const REFETCH_DELAY_MS = 150;

export function createPortsSlice(api: PortsApi): StateCreator<AppState, [], [], PortsSlice> {
  return (set, get) => {
    const inFlight = new Set<string>();
    const refetch = new Map<string, ReturnType<typeof setTimeout>>();
    const without = <T,>(record: Record<string, T>, key: string) => {
      if (!(key in record)) return record;
      const copy = { ...record };
      delete copy[key];
      return copy;
    };

    return {
      ports: {},
      tunnels: {},

      async loadPorts(name) {
        if (inFlight.has(name)) return;
        inFlight.add(name);
        const previous = get().ports[name];
        set((s) => ({ ports: { ...s.ports, [name]: { forwards: previous?.forwards ?? [], loading: true } } }));
        const result = await api.listPortForwards({ name });
        inFlight.delete(name);
        // Stopped (or gone) meanwhile: what was fetched is already out of date.
        if (!(name in get().ports)) return;
        set((s) => ({
          ports: {
            ...s.ports,
            [name]: result.ok ? { forwards: result.value.forwards, loading: false } : { forwards: previous?.forwards ?? [], loading: false, error: failureText(result) },
          },
        }));
      },

      receivePortEvent(event) {
        // Only what someone looks at is fetched again; the rest is fetched when first shown.
        if (!(event.name in get().ports)) return;
        clearTimeout(refetch.get(event.name));
        refetch.set(
          event.name,
          setTimeout(() => {
            refetch.delete(event.name);
            void get().loadPorts(event.name);
          }, REFETCH_DELAY_MS),
        );
      },

      forgetPorts(name) {
        clearTimeout(refetch.get(name));
        refetch.delete(name);
        set((s) => ({ ports: without(s.ports, name), tunnels: without(s.tunnels, name) }));
      },

      async openTunnel(name) {
        const known = get().tunnels[name];
        if (known) return { ok: true, value: known };
        const result = await api.openTunnel({ name });
        if (result.ok) set((s) => ({ tunnels: { ...s.tunnels, [name]: result.value } }));
        return result;
      },
    };
  };
}
