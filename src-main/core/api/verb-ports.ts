import type { ApiEventEnvelope, DiskInfo, HostInfoReport, InstanceUsage, ResetEntry, StartAtLoginInfo } from '../../common/api';
import { silentLogger, type Logger } from '../../common/logger';
import type { ConfigIssue } from '../config/types';
import { DiskStore, type DiskEntry } from '../disks/disk-store';
import type { AgentCommand } from '../hostagent/spawn';
import type { InstanceCatalog } from '../instances/catalog';
import { cloneInstance } from '../instances/clone';
import { copyFiles } from '../instances/copy';
import { attachDisk, detachDisk } from '../instances/disk-attach';
import { editInstance, type EditResult } from '../instances/edit';
import { editFlagExpressions } from '../instances/edit-flags';
import { factoryReset, factoryResetPlan } from '../instances/factory-reset';
import { hostInfoReport } from '../instances/host-info';
import { setProtected } from '../instances/protect';
import { renameInstance } from '../instances/rename';
import { setStartAtLogin, startAtLoginState, type LoginCommand } from '../instances/start-at-login';
import { openSocksTunnel } from '../instances/tunnel';
import type { Instance } from '../store/instance';

/** The verbs of limactl beyond create/start/stop/delete, as the API handlers need them. */
export interface InstanceVerbsPort {
  clone(name: string, newName: string, set: readonly string[]): Promise<{ instance: Instance; method: 'reflink' | 'copy'; notes: string[]; warnings: ConfigIssue[] }>;
  rename(name: string, newName: string): Promise<Instance>;
  factoryResetPlan(name: string): Promise<ResetEntry[]>;
  factoryReset(name: string): Promise<ResetEntry[]>;
  setProtected(name: string, wanted: boolean): Promise<boolean>;
  edit(name: string, change: { set?: readonly string[]; cpus?: number; memory?: number; disk?: number }): Promise<EditResult>;
  copyIn(name: string, hostPaths: readonly string[], guestPath: string, recursive: boolean): Promise<{ files: number; bytes: number }>;
  copyOut(name: string, guestPaths: readonly string[], hostPath: string, recursive: boolean): Promise<{ files: number; bytes: number }>;
  startAtLogin(name: string): Promise<StartAtLoginInfo>;
  setStartAtLogin(name: string, enabled: boolean): Promise<StartAtLoginInfo>;
  tunnel(name: string, port: number): Promise<{ port: number; hostname: string }>;
  hostInfo(): Promise<HostInfoReport>;
}

export interface DisksPort {
  list(): Promise<DiskInfo[]>;
  inspect(name: string): Promise<DiskInfo>;
  create(name: string, size: string, format: string): Promise<DiskInfo>;
  delete(name: string, force: boolean): Promise<void>;
  resize(name: string, size: string): Promise<DiskInfo>;
  unlock(name: string): Promise<{ disk: DiskInfo; wasLocked: boolean }>;
  import(name: string, file: string): Promise<{ disk: DiskInfo; method: 'reflink' | 'copy' }>;
  attach(instance: string, disk: string): Promise<EditResult>;
  detach(instance: string, disk: string): Promise<EditResult>;
}

export interface UsagePort {
  watch(watcher: string, names?: readonly string[]): { intervalMs: number; leaseMs: number; samples: InstanceUsage[] };
  unwatch(watcher: string): void;
  latest(name?: string): InstanceUsage[];
  history(name?: string): InstanceUsage[];
}

/** How the start-at-login entry runs this program (the same command that runs host agents). */
export function loginCommandOf(agent: AgentCommand, limaHome: string): LoginCommand {
  return { nodePath: agent.nodePath, scriptPath: agent.scriptPath, limaHome, electronAsNode: agent.env?.ELECTRON_RUN_AS_NODE === '1' };
}

const toDiskInfo = (d: DiskEntry): DiskInfo => ({ ...d, referencedBy: [...d.referencedBy] });

/** Progress reports at most every 200 ms, and always the first and the last. */
function throttled(emit: (event: ApiEventEnvelope) => void, intervalMs = 200): (event: ApiEventEnvelope, force?: boolean) => void {
  let last = 0;
  return (event, force = false) => {
    const now = Date.now();
    if (!force && now - last < intervalMs) return;
    last = now;
    emit(event);
  };
}

export interface VerbPortOptions {
  limaHome: string;
  catalog: InstanceCatalog;
  agent: AgentCommand;
  env: NodeJS.ProcessEnv;
  emit: (event: ApiEventEnvelope) => void;
  limadeskVersion: string;
  logger?: Logger;
}

export function instanceVerbsPort(options: VerbPortOptions): InstanceVerbsPort {
  const { limaHome, catalog, emit } = options;
  const logger = options.logger ?? silentLogger;
  const login = loginCommandOf(options.agent, limaHome);
  const transfer = async <T>(base: { operation: 'clone' | 'copy'; name: string; target: string }, work: (report: (file: string, done: number, total: number) => void) => Promise<T>): Promise<T> => {
    const send = throttled(emit);
    let last = { file: '', doneBytes: 0, totalBytes: 0 };
    try {
      const result = await work((file, doneBytes, totalBytes) => {
        last = { file, doneBytes, totalBytes };
        send({ event: 'transferProgress', payload: { ...base, ...last, done: false } });
      });
      send({ event: 'transferProgress', payload: { ...base, ...last, doneBytes: last.totalBytes, done: true } }, true);
      return result;
    } catch (err) {
      send({ event: 'transferProgress', payload: { ...base, ...last, done: true, error: (err as Error).message } }, true);
      throw err;
    }
  };
  return {
    clone: (name, newName, set) =>
      transfer({ operation: 'clone', name, target: newName }, (report) =>
        cloneInstance(catalog, name, newName, { expressions: set, logger, onProgress: (p) => report(p.file, p.doneBytes, p.totalBytes) }),
      ),
    rename: async (name, newName) =>
      (
        await renameInstance(catalog, name, newName, {
          logger,
          afterMove: async (oldName) => {
            // The start-at-login entry names the instance: it moves with it.
            if (!(await startAtLoginState(oldName).catch(() => ({ enabled: false }))).enabled) return;
            await setStartAtLogin(oldName, (await catalog.inspect(newName)).dir, false, login);
            await setStartAtLogin(newName, (await catalog.inspect(newName)).dir, true, login);
          },
        })
      ).instance,
    factoryResetPlan: (name) => factoryResetPlan(catalog, name),
    factoryReset: (name) => factoryReset(catalog, name, logger),
    setProtected: (name, wanted) => setProtected(limaHome, name, wanted),
    edit: (name, change) => {
      const flags = editFlagExpressions(
        { ...(change.cpus !== undefined ? { cpus: change.cpus } : {}), ...(change.memory !== undefined ? { memory: change.memory } : {}), ...(change.disk !== undefined ? { disk: change.disk } : {}), set: [...(change.set ?? [])] },
        { homeDir: options.env.HOME ?? '', cwd: limaHome },
      );
      return editInstance(catalog, name, flags.expressions);
    },
    copyIn: (name, hostPaths, guestPath, recursive) =>
      transfer({ operation: 'copy', name, target: `${name}:${guestPath}` }, (report) =>
        copyFiles(limaHome, hostPaths.map((path) => ({ path })), { instance: name, path: guestPath }, { recursive, onProgress: (p) => report(p.file, p.fileBytes, p.fileTotal) }),
      ),
    copyOut: (name, guestPaths, hostPath, recursive) =>
      transfer({ operation: 'copy', name, target: hostPath }, (report) =>
        copyFiles(limaHome, guestPaths.map((path) => ({ instance: name, path })), { path: hostPath }, { recursive, onProgress: (p) => report(p.file, p.fileBytes, p.fileTotal) }),
      ),
    startAtLogin: async (name) => {
      await catalog.inspect(name);
      return startAtLoginState(name);
    },
    setStartAtLogin: async (name, enabled) => setStartAtLogin(name, (await catalog.inspect(name)).dir, enabled, login),
    tunnel: (name, port) => openSocksTunnel(limaHome, name, port),
    hostInfo: () => hostInfoReport({ limaHome, env: options.env, limadeskVersion: options.limadeskVersion }) as Promise<HostInfoReport>,
  };
}

export function disksPort(options: VerbPortOptions): DisksPort {
  const { limaHome, catalog, emit } = options;
  const disks = new DiskStore(limaHome, { ...(options.logger ? { logger: options.logger } : {}) });
  return {
    list: async () => (await disks.list()).map(toDiskInfo),
    inspect: async (name) => toDiskInfo(await disks.inspect(name)),
    create: async (name, size, format) => toDiskInfo(await disks.create(name, size, format)),
    delete: (name, force) => disks.delete(name, { force }),
    resize: async (name, size) => toDiskInfo(await disks.resize(name, size)),
    unlock: async (name) => {
      const result = await disks.unlock(name);
      return { disk: toDiskInfo(result.disk), wasLocked: result.wasLocked };
    },
    import: async (name, file) => {
      const send = throttled(emit);
      const base = { operation: 'disk-import' as const, name, target: file };
      let total = 0;
      try {
        const result = await disks.import(name, file, {
          onBytes: (doneBytes, totalBytes) => {
            total = totalBytes;
            send({ event: 'transferProgress', payload: { ...base, doneBytes, totalBytes, done: false } });
          },
        });
        send({ event: 'transferProgress', payload: { ...base, doneBytes: total, totalBytes: total, done: true } }, true);
        return { disk: toDiskInfo(result.disk), method: result.method };
      } catch (err) {
        send({ event: 'transferProgress', payload: { ...base, doneBytes: 0, totalBytes: total, done: true, error: (err as Error).message } }, true);
        throw err;
      }
    },
    attach: (instance, disk) => attachDisk(catalog, disks, instance, disk),
    detach: (instance, disk) => detachDisk(catalog, instance, disk),
  };
}
