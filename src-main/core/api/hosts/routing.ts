import { failure, success, type ApiFailure, type ApiMethodFunctions, type ApiMethodName, type ApiResult, type InstanceSummary } from '../../../common/api';
import type { DialogService } from '../dialogs';
import type { HostsService } from './hosts-service';
import type { RemoteHost } from './remote-host';

/**
 * The methods that take a `host`: with one, the request goes to that host's API over its
 * connection (the `host` field removed); without, to this machine's. How each answer is
 * brought home: summaries are tagged with their host, session URLs mapped to local forwards.
 */
type Fixup = 'none' | 'summary' | 'instance' | 'session';

export const HOST_ROUTED: { readonly [M in ApiMethodName]?: Fixup } = {
  getInstance: 'summary',
  getConfigText: 'none',
  putConfigText: 'none',
  validateConfig: 'none',
  createInstance: 'instance',
  startInstance: 'instance',
  stopInstance: 'instance',
  restartInstance: 'instance',
  deleteInstance: 'none',
  listSnapshots: 'none',
  createSnapshot: 'none',
  applySnapshot: 'none',
  deleteSnapshot: 'none',
  openVncSession: 'session',
  openTerminalSession: 'session',
  readLog: 'none',
  doctor: 'none',
  listTemplates: 'none',
  getTemplateText: 'none',
  listPortForwards: 'none',
  cloneInstance: 'instance',
  renameInstance: 'instance',
  factoryResetInstance: 'none',
  setProtected: 'instance',
  editInstance: 'none',
  getStartAtLogin: 'none',
  setStartAtLogin: 'none',
  getHostInfo: 'none',
};

export interface RoutingOptions {
  /** Asked before a remote delete or factory reset, as for a local one; the remote has no one to ask. */
  dialogs?: DialogService;
  /** This machine's page origins, allowed to open the remote's console and terminal sessions. */
  origins: () => readonly string[];
}

type Handler = (params: unknown) => Promise<ApiResult<unknown>>;

function noSuchHost(name: string): ApiFailure {
  return failure('not-found', `no host named ${JSON.stringify(name)} (\`limadesk host list\` shows the hosts)`);
}

/** Asks here what the remote would ask if it could: the same question as for a local instance. */
async function confirmRemote(method: ApiMethodName, params: Record<string, unknown>, host: RemoteHost, dialogs: DialogService | undefined): Promise<ApiFailure | undefined> {
  const name = String(params.name);
  const destructive = method === 'deleteInstance' || (method === 'factoryResetInstance' && params.dryRun !== true);
  if (!destructive || !dialogs || params.confirmed === true) return undefined;
  const deleting = method === 'deleteInstance';
  const yes = await dialogs.confirm({
    title: deleting ? 'Delete instance' : 'Factory reset',
    message: deleting ? `Delete the instance "${name}" on ${host.name}?` : `Factory reset "${name}" on ${host.name}?`,
    detail: deleting ? `Its directory on ${host.name} and its disks are removed. This cannot be undone.` : `Its disk and everything else but lima.yaml are removed on ${host.name}. The next start begins from the image again.`,
    confirmLabel: deleting ? 'Delete' : 'Reset',
    destructive: true,
  });
  return yes ? undefined : failure('cancelled', `${deleting ? 'deleting' : 'factory reset of'} "${name}" on ${host.name} was cancelled`);
}

async function bringHome(fixup: Fixup, value: unknown, host: RemoteHost): Promise<unknown> {
  const tag = (inst: InstanceSummary): InstanceSummary => ({ ...inst, host: host.name });
  switch (fixup) {
    case 'none':
      return value;
    case 'summary':
      return tag(value as InstanceSummary);
    case 'instance': {
      const v = value as { instance: InstanceSummary };
      return { ...v, instance: tag(v.instance) };
    }
    case 'session': {
      const v = value as { url: string };
      return { ...v, url: await host.localUrl(v.url) };
    }
  }
}

async function routeToHost(method: ApiMethodName, fixup: Fixup, params: Record<string, unknown>, host: RemoteHost, options: RoutingOptions): Promise<ApiResult<unknown>> {
  const { host: _host, ...rest } = params;
  const refused = await confirmRemote(method, rest, host, options.dialogs);
  if (refused) return refused;
  if (method === 'deleteInstance' || method === 'factoryResetInstance') rest.confirmed = true;
  if (fixup === 'session') host.setOrigins(options.origins());
  const result = await host.call(method, rest);
  if (!result.ok) return result;
  try {
    return success(await bringHome(fixup, result.value, host));
  } catch (err) {
    return failure('unreachable', `${method} on host ${JSON.stringify(host.name)}: ${(err as Error).message}`);
  }
}

/**
 * This machine's API with every host plugged in: instance methods go where their `host` says,
 * the list holds every host's instances, and the host methods manage the hosts.
 */
export function withHostRouting(local: ApiMethodFunctions, hosts: HostsService, options: RoutingOptions): ApiMethodFunctions {
  const routed: Partial<Record<ApiMethodName, Handler>> = {};
  for (const [method, fixup] of Object.entries(HOST_ROUTED) as Array<[ApiMethodName, Fixup]>) {
    const own = local[method] as Handler;
    routed[method] = async (params) => {
      const record = (params ?? {}) as Record<string, unknown>;
      if (typeof record.host !== 'string') return own(params);
      const host = hosts.get(record.host);
      if (!host) return noSuchHost(record.host);
      return routeToHost(method, fixup, record, host, options);
    };
  }
  return {
    ...local,
    ...(routed as Partial<ApiMethodFunctions>),
    listInstances: async (params) => {
      const mine = await local.listInstances(params);
      if (!mine.ok) return mine;
      return success([...mine.value, ...hosts.instances()]);
    },
    listHosts: async () => success({ hosts: hosts.list() }),
    addHost: (params) => hosts.add(params),
    removeHost: ({ name }) => hosts.remove(name),
    reconnectHost: ({ name }) => hosts.reconnect(name),
  };
}
