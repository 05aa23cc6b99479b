/**
 * The instance list and its actions name instances by name; the main side needs the host of
 * an instance on another machine. This adapter, put around the API client, remembers each
 * name's host from the list and its events and adds `host` to the instance methods the page
 * calls, so Start, Stop, Console, Terminal, Logs, Config and Snapshots reach the right machine.
 * A name that more than one machine has is refused rather than guessed.
 */
import type { ApiMethodName, ApiResult, InstanceSummary, LimadeskApi } from '../../src-main/common/api';
import { BRIDGE_METHOD_NAMES } from '../api/ws-bridge';

// The methods whose `name` is an instance that may live on another host (common/api.ts's
// OnHost methods that take one); createInstance names a new instance, which is made here.
const BY_INSTANCE = {
  getInstance: true,
  getConfigText: true,
  putConfigText: true,
  validateConfig: true,
  startInstance: true,
  stopInstance: true,
  restartInstance: true,
  deleteInstance: true,
  listSnapshots: true,
  createSnapshot: true,
  applySnapshot: true,
  deleteSnapshot: true,
  openVncSession: true,
  openTerminalSession: true,
  readLog: true,
  listPortForwards: true,
  cloneInstance: true,
  renameInstance: true,
  factoryResetInstance: true,
  setProtected: true,
  editInstance: true,
  getStartAtLogin: true,
  setStartAtLogin: true,
} as const satisfies Partial<Record<ApiMethodName, true>>;

/** '' stands for this machine. */
type Hosts = Map<string, Set<string>>;

function hostKey(summary: Pick<InstanceSummary, 'host'>): string {
  return summary.host ?? '';
}

/** The host to send a request for `name` to, or why it cannot be told. */
export function hostFor(hosts: Hosts, name: string): { host?: string } | { ambiguous: string[] } {
  const where = hosts.get(name);
  if (!where || where.size === 0) return {};
  if (where.size > 1) return { ambiguous: [...where].map((h) => h || 'this machine').sort() };
  const [only] = where;
  return only ? { host: only } : {};
}

export function withHostRouting(api: LimadeskApi): LimadeskApi {
  const hosts: Hosts = new Map();
  const note = (name: string, host: string, present: boolean): void => {
    const set = hosts.get(name) ?? new Set<string>();
    if (present) set.add(host);
    else set.delete(host);
    if (set.size > 0) hosts.set(name, set);
    else hosts.delete(name);
  };
  api.on('instanceStatusChanged', (e) => note(e.name, hostKey(e), e.status !== 'Deleted' && e.instance !== null));

  const routed: Partial<Record<ApiMethodName, (params: unknown) => Promise<ApiResult<unknown>>>> = {};
  for (const method of Object.keys(BY_INSTANCE) as ApiMethodName[]) {
    const call = api[method] as (params: unknown) => Promise<ApiResult<unknown>>;
    routed[method] = (params) => {
      const p = (params ?? {}) as { name?: unknown; host?: unknown };
      if (typeof p.name !== 'string' || p.host !== undefined) return call(params);
      const where = hostFor(hosts, p.name);
      if ('ambiguous' in where) {
        return Promise.resolve({ ok: false, code: 'conflict', message: `"${p.name}" exists on ${where.ambiguous.join(' and ')}: the dashboard cannot tell them apart; use \`limadesk --host HOST\` on the command line` });
      }
      return call(where.host ? { ...p, host: where.host } : params);
    };
  }
  routed.listInstances = async (params) => {
    const result = await api.listInstances(params as Record<string, never>);
    if (result.ok) {
      hosts.clear();
      for (const inst of result.value) note(inst.name, hostKey(inst), true);
    }
    return result;
  };
  const wrapped: Record<string, unknown> = { on: api.on.bind(api) };
  for (const method of BRIDGE_METHOD_NAMES) {
    wrapped[method] = routed[method] ?? ((params: unknown) => (api[method] as (p: unknown) => Promise<ApiResult<unknown>>)(params));
  }
  return wrapped as unknown as LimadeskApi;
}
