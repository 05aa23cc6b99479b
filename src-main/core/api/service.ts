import type { ApiEventEnvelope, ApiMethodFunctions } from '../../common/api';
import { DisposableStore, toDisposable, type Disposable } from '../../common/disposable';
import { silentLogger, type Logger } from '../../common/logger';
import { createDoctor } from '../doctor/doctor';
import type { AgentCommand } from '../hostagent/spawn';
import { limaCacheDir } from '../images/cache-dir';
import { configPort, lifecyclePort, portForwardsPort, snapshotsPort, templatesPort } from './core-ports';
import { createApiDispatch, createApiHandlers, type ApiDispatch } from './handlers';
import { InstanceCatalog } from '../instances/catalog';
import type { DialogService } from './dialogs';
import { createLogReader } from './log-reader';
import { InstanceWatcher } from './watcher';
import { vncInfo } from './vnc-info';
import { createVncSessionPort } from './vnc-session-port';
import { VncProxy } from '../vnc/vnc-proxy';
import { createTerminalPort, instanceSshTarget } from './terminal-session-port';
import { TerminalServer } from '../terminal/terminal-server';
import { UsageSampler } from '../instances/usage/sampler';
import { UsageWatcher } from './usage-watcher';
import { limadeskVersion } from './limadesk-version';
import { disksPort, instanceVerbsPort } from './verb-ports';
import { HostsService } from './hosts/hosts-service';
import { withHostRouting } from './hosts/routing';

export interface ApiServiceOptions {
  limaHome: string;
  /** How host agents are launched (plain Node running the CLI bundle, or Electron as Node). */
  agent: AgentCommand;
  /** Reads LIMA_TEMPLATES_PATH and LIMADESK_ASSETS_DIR for the template search path. */
  env: NodeJS.ProcessEnv;
  logger?: Logger;
  dialogs?: DialogService;
  /** Page origins allowed to open console sessions (the app's own, serve's http://127.0.0.1:PORT); asked on every connection. */
  vncOrigins?: () => readonly string[];
  /** This build's version, for getHostInfo. */
  limadeskVersion?: string;
  /**
   * hosts.json (hostsFilePath): its hosts are connected over SSH and their instances served
   * next to this machine's. Without it the service knows this machine only (as
   * `serve --stdio` does: a remote never chains to further hosts).
   */
  hostsFile?: string;
}

export interface ApiService {
  handlers: ApiMethodFunctions;
  dispatch: ApiDispatch;
  /** Pushed events; dispose of the result to stop receiving them. */
  subscribe(listener: (event: ApiEventEnvelope) => void): Disposable;
  /** Closes what the service opened (watcher, console and terminal servers) and waits for it. */
  close(): Promise<void>;
}

/**
 * The API over the real core for one `$LIMA_HOME`, with the watcher that pushes status
 * changes: what both the Electron shell and `limadesk serve` run.
 */
export async function createApiService(options: ApiServiceOptions): Promise<ApiService> {
  const logger = options.logger ?? silentLogger;
  const opened = new DisposableStore();
  const catalog = new InstanceCatalog(options.limaHome, { logger });
  const vncProxy = opened.add(new VncProxy({ allowedOrigins: options.vncOrigins ?? (() => []), logger }));
  // The pages that may open a console may open a terminal too.
  const terminalServer = opened.add(new TerminalServer({ allowedOrigins: options.vncOrigins ?? (() => []), logger }));
  const verbOptions = { limaHome: options.limaHome, catalog, agent: options.agent, env: options.env, emit: (e: ApiEventEnvelope) => emit(e), limadeskVersion: options.limadeskVersion ?? limadeskVersion(options.agent.scriptPath), logger };
  const usage = new UsageWatcher({
    summaries: () => watcher.instances(),
    inspect: (name) => catalog.inspect(name),
    sampler: new UsageSampler(options.limaHome, { logger }),
    emit: (e) => emit(e),
    logger,
  });
  const localHandlers = createApiHandlers({
    catalog,
    logs: createLogReader(options.limaHome),
    lifecycle: lifecyclePort(options.limaHome, options.agent, logger, (e) => emit(e), limaCacheDir(options.env)),
    snapshots: snapshotsPort(options.limaHome, logger),
    config: configPort(options.limaHome, options.env),
    templates: templatesPort(options.limaHome, options.env),
    doctor: createDoctor({ limaHome: options.limaHome, env: options.env, logger }),
    vnc: createVncSessionPort(vncProxy, (name) => vncInfo(options.limaHome, name)),
    terminal: createTerminalPort(terminalServer, (name) => instanceSshTarget(options.limaHome, name)),
    ports: portForwardsPort(options.limaHome, catalog),
    verbs: instanceVerbsPort(verbOptions),
    disks: disksPort(verbOptions),
    usage: {
      watch: (watcher, names) => ({ intervalMs: usage.intervalMs, leaseMs: usage.leaseMs, samples: usage.watch(watcher, names) }),
      unwatch: (watcher) => usage.unwatch(watcher),
      latest: (name) => usage.samples(name),
      history: (name) => usage.historyOf(name),
    },
    ...(options.dialogs ? { dialogs: options.dialogs } : {}),
    logger,
  });
  const listeners = new Set<(event: ApiEventEnvelope) => void>();
  const emit = (event: ApiEventEnvelope): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        logger.error('an event listener failed', { event: event.event, error: (err as Error).message });
      }
    }
  };
  const watcher = new InstanceWatcher({ limaHome: options.limaHome, catalog, emit, logger });
  opened.add(toDisposable(() => listeners.clear()));
  opened.add(toDisposable(() => watcher.close()));
  opened.add(toDisposable(() => usage.close()));
  await watcher.start();
  let handlers = localHandlers;
  if (options.hostsFile) {
    const hosts = new HostsService({ file: options.hostsFile, emit, logger, limadeskVersion: verbOptions.limadeskVersion });
    opened.add(toDisposable(() => hosts.close()));
    handlers = withHostRouting(localHandlers, hosts, { ...(options.dialogs ? { dialogs: options.dialogs } : {}), origins: options.vncOrigins ?? (() => []) });
    await hosts.start();
  }
  return {
    handlers,
    dispatch: createApiDispatch(handlers, logger),
    subscribe(listener) {
      listeners.add(listener);
      return toDisposable(() => void listeners.delete(listener));
    },
    close: () => opened.dispose(),
  };
}
