import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiEventEnvelope, ApiMethodFunctions } from '../../common/api';
import { DisposableStore, toDisposable, type Disposable } from '../../common/disposable';
import { silentLogger, type Logger } from '../../common/logger';
import { loadLimaYaml } from '../config/load';
import { createDoctor } from '../doctor/doctor';
import { listTemplates, resolveTemplate } from '../config/templates';
import type { ConfigIssue } from '../config/types';
import type { AgentCommand } from '../hostagent/spawn';
import { imageEventHandlers } from '../images/api-events';
import { limaCacheDir } from '../images/cache-dir';
import { createApiDispatch, createApiHandlers, type ApiDispatch } from './handlers';
import type { ConfigPort, LifecyclePort, SnapshotsPort, TemplatesPort } from './ports';
import { InstanceCatalog } from '../instances/catalog';
import type { DialogService } from './dialogs';
import { InstanceLifecycle } from '../instances/lifecycle';
import { createLogReader } from './log-reader';
import { parseSnapshotTable } from '../instances/snapshot-table';
import { InstanceSnapshots } from '../instances/snapshots';
import { InstanceWatcher } from './watcher';
import { vncInfo } from './vnc-info';
import { createVncSessionPort } from './vnc-session-port';
import { VncProxy } from '../vnc/vnc-proxy';
import { createTerminalPort, instanceSshTarget } from './terminal-session-port';
import { TerminalServer } from '../terminal/terminal-server';

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
}

export interface ApiService {
  handlers: ApiMethodFunctions;
  dispatch: ApiDispatch;
  /** Pushed events; dispose of the result to stop receiving them. */
  subscribe(listener: (event: ApiEventEnvelope) => void): Disposable;
  /** Closes what the service opened (watcher, console and terminal servers) and waits for it. */
  close(): Promise<void>;
}

function lifecyclePort(limaHome: string, agent: AgentCommand, logger: Logger, emit: (e: ApiEventEnvelope) => void, imageCacheDir: string): LifecyclePort {
  const lifecycle = new InstanceLifecycle(limaHome, { logger, agent, imageCacheDir });
  return {
    start: async (name) => {
      await lifecycle.start(name, imageEventHandlers(name, emit));
    },
    stop: async (name, options) => {
      await lifecycle.stop(name, { force: options?.force ?? false });
    },
  };
}

function snapshotsPort(limaHome: string, logger: Logger): SnapshotsPort {
  const snapshots = new InstanceSnapshots(limaHome, { logger });
  return {
    list: async (name) => parseSnapshotTable(await snapshots.list(name)),
    create: (name, tag) => snapshots.create(name, tag),
    apply: (name, tag) => snapshots.apply(name, tag),
    delete: (name, tag) => snapshots.delete(name, tag),
  };
}

/** Validates a lima.yaml text as if it were a new instance's, from a scratch directory. */
function configPort(limaHome: string): ConfigPort {
  return {
    async validateText(text) {
      const dir = await mkdtemp(path.join(tmpdir(), 'limadesk-validate-'));
      try {
        const file = path.join(dir, 'lima.yaml');
        await writeFile(file, text);
        const result = await loadLimaYaml({ file, limaHome, instanceDir: dir });
        return result.issues.map((i: ConfigIssue) => (i.file === file ? { ...i, file: undefined } : i));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The first comment line of a template, which by convention says what it is. */
async function describeTemplate(file: string): Promise<string> {
  const head = (await readFile(file, 'utf8').catch(() => '')).slice(0, 4096);
  const comment = head.split('\n').find((line) => /^#\s*\S/.test(line) && !line.startsWith('#!'));
  return comment ? comment.replace(/^#\s*/, '').trim() : '';
}

function templatesPort(limaHome: string, env: NodeJS.ProcessEnv): TemplatesPort {
  const opts = { limaHome, env };
  return {
    list: async () => Promise.all((await listTemplates(opts)).map(async (t) => ({ name: t.name, description: await describeTemplate(t.file) }))),
    readText: async (name) => (await resolveTemplate(`template:${name}`, opts)).text,
  };
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
  const handlers = createApiHandlers({
    catalog,
    logs: createLogReader(options.limaHome),
    lifecycle: lifecyclePort(options.limaHome, options.agent, logger, (e) => emit(e), limaCacheDir(options.env)),
    snapshots: snapshotsPort(options.limaHome, logger),
    config: configPort(options.limaHome),
    templates: templatesPort(options.limaHome, options.env),
    doctor: createDoctor({ limaHome: options.limaHome, env: options.env, logger }),
    vnc: createVncSessionPort(vncProxy, (name) => vncInfo(options.limaHome, name, { logger })),
    terminal: createTerminalPort(terminalServer, (name) => instanceSshTarget(options.limaHome, name)),
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
  await watcher.start();
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
