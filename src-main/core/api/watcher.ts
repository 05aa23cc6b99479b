import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ApiEventEnvelope, BootStageName, InstanceStatus, InstanceSummary, LogName } from '../../common/api';
import { silentLogger, type Logger } from '../../common/logger';
import { parseEvent, type HostAgentEvent } from '../hostagent/events';
import { HostAgentPID, HostAgentSock, LimaYAML, PIDFile, Protected, SSHConfig } from '../store/filenames';
import type { CatalogPort } from './ports';
import { LogFollower } from './log-follower';
import { LOG_KINDS } from './log-reader';
import { logFile } from '../instances/logs';
import { toInstanceSummary } from './summary';

export interface WatcherOptions {
  limaHome: string;
  catalog: Pick<CatalogPort, 'list' | 'inspect'>;
  emit: (event: ApiEventEnvelope) => void;
  logger?: Logger;
  /**
   * A slow full re-scan catches what no file event announces (a host agent killed with
   * SIGKILL leaves its pid file behind). Everything else is driven by file events.
   */
  rescanIntervalMs?: number;
  /** Several files change per start or stop; one inspection after they settle is enough. */
  settleMs?: number;
}

// Files whose appearance, change or removal can change what `inspect` reports.
const STATUS_FILES = new Set([HostAgentPID, HostAgentSock, PIDFile('qemu'), LimaYAML, Protected, SSHConfig]);

interface Watched {
  watcher: FSWatcher | undefined;
  followers: Map<LogName, LogFollower>;
}

/**
 * Keeps the instance list current and pushes changes as API events. Status changes come
 * from file events under `$LIMA_HOME` (instance directories appearing or going, pid files,
 * sockets) and from the host agent's event log; each change re-inspects only the instance
 * it concerns.
 */
export class InstanceWatcher {
  private readonly known = new Map<string, InstanceSummary>();
  private readonly watched = new Map<string, Watched>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly refreshing = new Map<string, Promise<void>>();
  private homeWatcher: FSWatcher | undefined;
  private rescanTimer: NodeJS.Timeout | undefined;
  private rescanning: Promise<void> | undefined;
  private closed = false;
  private readonly logger: Logger;

  constructor(private readonly options: WatcherOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    await this.rescan();
    this.rescanTimer = setInterval(() => void this.rescan(), this.options.rescanIntervalMs ?? 30_000);
    this.rescanTimer.unref();
  }

  /** The instances as last seen. */
  instances(): InstanceSummary[] {
    return [...this.known.values()];
  }

  /** Stops watching; resolves once the inspections already under way have finished. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.rescanTimer);
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.homeWatcher?.close();
    this.homeWatcher = undefined;
    for (const name of [...this.watched.keys()]) this.unwatchInstance(name);
    await Promise.allSettled([this.rescanning, ...this.refreshing.values()]);
  }

  private rescan(): Promise<void> {
    const run = this.rescanNow();
    this.rescanning = run;
    return run;
  }

  private async rescanNow(): Promise<void> {
    if (this.closed) return;
    this.watchHome();
    let list: InstanceSummary[];
    try {
      list = (await this.options.catalog.list()).map(toInstanceSummary);
    } catch (err) {
      this.logger.warn('re-scanning instances failed', { error: (err as Error).message });
      return;
    }
    if (this.closed) return;
    const seen = new Set<string>();
    for (const inst of list) {
      seen.add(inst.name);
      this.update(inst.name, inst);
      this.watchInstance(inst.name);
    }
    for (const name of [...this.known.keys()]) {
      if (!seen.has(name)) this.update(name, null);
    }
  }

  private watchHome(): void {
    if (this.homeWatcher) return;
    try {
      this.homeWatcher = watch(this.options.limaHome, (_type, filename) => {
        // `_cache`, `_config`… are never instances; dot names are staging directories.
        if (filename && !filename.startsWith('_') && !filename.startsWith('.')) this.schedule(filename);
      });
      this.homeWatcher.on('error', () => {
        this.homeWatcher?.close();
        this.homeWatcher = undefined;
      });
    } catch (err) {
      // No $LIMA_HOME yet: the next re-scan tries again.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn('cannot watch LIMA_HOME', { error: (err as Error).message });
    }
  }

  private watchInstance(name: string): void {
    if (this.watched.has(name) || this.closed) return;
    const dir = path.join(this.options.limaHome, name);
    const entry: Watched = { watcher: undefined, followers: new Map() };
    this.watched.set(name, entry);
    const logByFile = new Map<string, LogName>();
    for (const log of Object.keys(LOG_KINDS) as LogName[]) {
      const file = logFile(this.options.limaHome, name, LOG_KINDS[log]);
      logByFile.set(path.basename(file), log);
      const follower = new LogFollower(file);
      entry.followers.set(log, follower);
      try {
        follower.skipToEnd();
      } catch (err) {
        // An unreadable log is followed from its start; the read that fails says why.
        this.logger.debug('cannot size a log', { name, log, error: (err as Error).message });
      }
    }
    try {
      entry.watcher = watch(dir, (_type, filename) => {
        if (!filename) {
          this.schedule(name);
          return;
        }
        const log = logByFile.get(filename);
        if (log) void this.readLog(name, log);
        if (STATUS_FILES.has(filename)) this.schedule(name);
      });
      entry.watcher.on('error', () => this.schedule(name));
    } catch {
      this.schedule(name);
    }
  }

  private unwatchInstance(name: string): void {
    this.watched.get(name)?.watcher?.close();
    this.watched.delete(name);
  }

  private async readLog(name: string, log: LogName): Promise<void> {
    const follower = this.watched.get(name)?.followers.get(log);
    if (!follower) return;
    let lines: string[];
    try {
      lines = await follower.readNewLines();
    } catch (err) {
      this.logger.debug('reading a log failed', { name, log, error: (err as Error).message });
      return;
    }
    if (lines.length === 0 || this.closed) return;
    this.options.emit({ event: 'logLines', payload: { name, log, lines } });
    if (log !== 'ha.stdout') return;
    for (const line of lines) {
      const event = parseEvent(line);
      if (!event) continue;
      const forward = event.status.portForward;
      if (forward) {
        this.options.emit({ event: 'portForwardChanged', payload: { name, ...forward } });
        continue;
      }
      const stage = stageOf(event);
      if (stage) {
        const message = event.limadesk?.message ?? event.status.errors?.join('; ');
        const ok = event.limadesk?.ok;
        this.options.emit({ event: 'bootStage', payload: { name, stage, time: event.time, ...(message ? { message } : {}), ...(typeof ok === 'boolean' ? { ok } : {}) } });
      }
      // Running, exiting and a VM exit all move the status: look again now rather than later.
      if (event.status.running || event.status.exiting || stage === 'qemu-exited') this.schedule(name);
    }
  }

  private schedule(name: string): void {
    if (this.closed) return;
    clearTimeout(this.pending.get(name));
    const timer = setTimeout(() => {
      this.pending.delete(name);
      void this.refresh(name);
    }, this.options.settleMs ?? 150);
    this.pending.set(name, timer);
  }

  /** Inspections of one instance run one after another, so an older one never wins. */
  private refresh(name: string): Promise<void> {
    const previous = this.refreshing.get(name) ?? Promise.resolve();
    const next = previous.then(() => this.inspectNow(name));
    this.refreshing.set(name, next);
    void next.finally(() => {
      if (this.refreshing.get(name) === next) this.refreshing.delete(name);
    });
    return next;
  }

  private async inspectNow(name: string): Promise<void> {
    if (this.closed) return;
    const dir = path.join(this.options.limaHome, name);
    const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
    if (!isDir) {
      this.update(name, null);
      return;
    }
    try {
      const inst = toInstanceSummary(await this.options.catalog.inspect(name));
      this.update(name, inst);
      this.watchInstance(name);
    } catch (err) {
      // A directory that is not an instance (yet): nothing to show.
      this.logger.debug('inspecting an instance failed', { name, error: (err as Error).message });
    }
  }

  private update(name: string, inst: InstanceSummary | null): void {
    if (this.closed) return;
    const before = this.known.get(name);
    if (inst === null) {
      if (!before) return;
      this.known.delete(name);
      this.unwatchInstance(name);
      this.options.emit({ event: 'instanceStatusChanged', payload: { name, status: 'Deleted', previous: before.status, instance: null } });
      return;
    }
    if (before && JSON.stringify(before) === JSON.stringify(inst)) return;
    this.known.set(name, inst);
    const previous: InstanceStatus | 'Unknown' = before?.status ?? 'Unknown';
    this.options.emit({ event: 'instanceStatusChanged', payload: { name, status: inst.status, previous, instance: inst } });
  }
}

function stageOf(event: HostAgentEvent): BootStageName | undefined {
  // A port-forward event repeats `running: true`, as Lima's do; it is no boot stage.
  if (event.status.portForward) return undefined;
  if (event.status.exiting) return 'exiting';
  if (event.limadesk?.stage) return event.limadesk.stage;
  if (event.status.running) return 'running';
  return undefined;
}
