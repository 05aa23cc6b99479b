import { failure, success, type ApiFailure, type ApiMethodFunctions } from '../../common/api';
import type { DialogService } from './dialogs';
import { toApiIssue } from './errors';
import type { CatalogPort } from './ports';
import { toInstanceSummary } from './summary';
import type { DisksPort, InstanceVerbsPort, UsagePort } from './verb-ports';

export type VerbMethodName =
  | 'cloneInstance' | 'renameInstance' | 'factoryResetInstance' | 'setProtected' | 'editInstance'
  | 'listDisks' | 'createDisk' | 'deleteDisk' | 'resizeDisk' | 'unlockDisk' | 'importDisk' | 'attachDisk' | 'detachDisk'
  | 'copyToInstance' | 'copyFromInstance' | 'getStartAtLogin' | 'setStartAtLogin' | 'openTunnel' | 'getHostInfo'
  | 'watchUsage' | 'unwatchUsage' | 'getUsage';

export interface VerbHandlerDeps {
  catalog: CatalogPort;
  verbs?: InstanceVerbsPort;
  disks?: DisksPort;
  usage?: UsagePort;
  dialogs?: DialogService;
}

function unsupported(what: string): ApiFailure {
  return failure('unsupported', `${what} is not available in this build of Limadesk`);
}

const formatBytes = (n: number): string => (n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`);

/** The handlers of the verbs issue 18 adds, over their ports; createApiHandlers merges them in. */
export function createVerbHandlers(deps: VerbHandlerDeps): Pick<ApiMethodFunctions, VerbMethodName> {
  const { verbs, disks, usage, dialogs, catalog } = deps;
  const summary = async (name: string) => toInstanceSummary(await catalog.inspect(name));
  return {
    cloneInstance: async ({ name, newName, set }) => {
      if (!verbs) return unsupported('Cloning');
      const r = await verbs.clone(name, newName, set ?? []);
      return success({ instance: toInstanceSummary(r.instance), method: r.method, notes: r.notes, warnings: r.warnings.map(toApiIssue) });
    },
    renameInstance: async ({ name, newName }) => {
      if (!verbs) return unsupported('Renaming');
      return success({ instance: toInstanceSummary(await verbs.rename(name, newName)) });
    },
    factoryResetInstance: async ({ name, dryRun, confirmed }) => {
      if (!verbs) return unsupported('Factory reset');
      const inst = await catalog.inspect(name);
      if (inst.protected) return failure('wrong-state', `instance ${JSON.stringify(name)} is protected to prohibit accidental factory-reset; unprotect it first`);
      const plan = await verbs.factoryResetPlan(name);
      if (dryRun) return success({ removed: plan });
      if (dialogs && confirmed !== true) {
        const yes = await dialogs.confirm({
          title: 'Factory reset',
          message: `Factory reset "${name}"?`,
          detail: `Its disk and everything else but lima.yaml are removed (${plan.map((e) => `${e.name} ${formatBytes(e.bytes)}`).join(', ') || 'nothing to remove'}). The next start begins from the image again.${inst.status === 'Running' ? ' The running VM is killed first.' : ''}`,
          confirmLabel: 'Reset',
          destructive: true,
        });
        if (!yes) return failure('cancelled', `factory reset of "${name}" was cancelled`);
      }
      return success({ removed: await verbs.factoryReset(name) });
    },
    setProtected: async ({ name, protected: wanted }) => {
      if (!verbs) return unsupported('Protection');
      const changed = await verbs.setProtected(name, wanted);
      return success({ instance: await summary(name), changed });
    },
    editInstance: async ({ name, set, cpus, memory, disk }) => {
      if (!verbs) return unsupported('Editing');
      const r = await verbs.edit(name, { ...(set ? { set } : {}), ...(cpus !== undefined ? { cpus } : {}), ...(memory !== undefined ? { memory } : {}), ...(disk !== undefined ? { disk } : {}) });
      return success({ changed: r.changed, restartNeeded: r.restartNeeded, warnings: r.warnings.map(toApiIssue), mtime: r.mtime });
    },
    listDisks: async () => (disks ? success({ disks: await disks.list() }) : unsupported('Disks')),
    createDisk: async ({ name, size, format }) => (disks ? success({ disk: await disks.create(name, size, format ?? 'qcow2') }) : unsupported('Disks')),
    deleteDisk: async ({ name, force, confirmed }) => {
      if (!disks) return unsupported('Disks');
      const disk = await disks.inspect(name);
      if (dialogs && confirmed !== true) {
        const yes = await dialogs.confirm({
          title: 'Delete disk',
          message: `Delete the disk "${name}"?`,
          detail: `${disk.dir} (${formatBytes(disk.sizeOnDisk)} on disk) is removed with the data on it. This cannot be undone.`,
          confirmLabel: 'Delete',
          destructive: true,
        });
        if (!yes) return failure('cancelled', `deleting disk "${name}" was cancelled`);
      }
      await disks.delete(name, force ?? false);
      return success({ deleted: name });
    },
    resizeDisk: async ({ name, size }) => (disks ? success({ disk: await disks.resize(name, size) }) : unsupported('Disks')),
    unlockDisk: async ({ name }) => (disks ? success(await disks.unlock(name)) : unsupported('Disks')),
    importDisk: async ({ name, path }) => (disks ? success(await disks.import(name, path)) : unsupported('Disks')),
    attachDisk: async ({ name, disk }) => {
      if (!disks) return unsupported('Disks');
      const r = await disks.attach(name, disk);
      return success({ changed: r.changed, restartNeeded: r.restartNeeded });
    },
    detachDisk: async ({ name, disk }) => {
      if (!disks) return unsupported('Disks');
      const r = await disks.detach(name, disk);
      return success({ changed: r.changed, restartNeeded: r.restartNeeded });
    },
    copyToInstance: async ({ name, hostPaths, guestPath, recursive }) => (verbs ? success(await verbs.copyIn(name, hostPaths, guestPath, recursive ?? false)) : unsupported('Copying')),
    copyFromInstance: async ({ name, guestPaths, hostPath, recursive }) => (verbs ? success(await verbs.copyOut(name, guestPaths, hostPath, recursive ?? false)) : unsupported('Copying')),
    getStartAtLogin: async ({ name }) => (verbs ? success(await verbs.startAtLogin(name)) : unsupported('Start at login')),
    setStartAtLogin: async ({ name, enabled }) => (verbs ? success(await verbs.setStartAtLogin(name, enabled)) : unsupported('Start at login')),
    openTunnel: async ({ name, port }) => {
      if (!verbs) return unsupported('Tunnels');
      const t = await verbs.tunnel(name, port ?? 0);
      return success({ port: t.port, hostname: t.hostname, proxyUrl: `socks5h://127.0.0.1:${t.port}` });
    },
    getHostInfo: async () => (verbs ? success(await verbs.hostInfo()) : unsupported('Host information')),
    watchUsage: async ({ watcher, names }) => (usage ? success(usage.watch(watcher, names)) : unsupported('Usage sampling')),
    unwatchUsage: async ({ watcher }) => {
      if (!usage) return unsupported('Usage sampling');
      usage.unwatch(watcher);
      return success({});
    },
    getUsage: async ({ name, history }) => {
      if (!usage) return unsupported('Usage sampling');
      return success({ samples: usage.latest(name), ...(history ? { history: usage.history(name) } : {}) });
    },
  };
}
