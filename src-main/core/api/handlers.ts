import {
  failure,
  success,
  type ApiFailure,
  type ApiMethodFunctions,
  type ApiMethodName,
  type ApiResult,
} from '../../common/api';
import { checkMethodName, validateParams } from '../../common/api-validate';
import { silentLogger, type Logger } from '../../common/logger';
import { toApiFailure, toApiIssue } from './errors';
import type { CatalogPort, ConfigPort, DoctorPort, LifecyclePort, LogPort, PortForwardsPort, SnapshotsPort, TemplatesPort, TerminalPort, VncPort } from './ports';
import type { DialogService } from './dialogs';
import { toInstanceSummary } from './summary';
import { createVerbHandlers } from './verb-handlers';
import type { DisksPort, InstanceVerbsPort, UsagePort } from './verb-ports';

/**
 * The API implemented over core. Both the Electron IPC wiring and `limadesk serve` call
 * this, so the two front doors behave the same. Parts not wired (no lifecycle in a build,
 * no doctor on a platform) answer 'unsupported' rather than pretending.
 */
export interface ApiHandlerDeps {
  catalog: CatalogPort;
  logs: LogPort;
  lifecycle?: LifecyclePort;
  snapshots?: SnapshotsPort;
  config?: ConfigPort;
  templates?: TemplatesPort;
  doctor?: DoctorPort;
  vnc?: VncPort;
  terminal?: TerminalPort;
  ports?: PortForwardsPort;
  verbs?: InstanceVerbsPort;
  disks?: DisksPort;
  usage?: UsagePort;
  /** Asked before destructive operations; without it they go ahead (the caller confirmed). */
  dialogs?: DialogService;
  logger?: Logger;
}

const DEFAULT_LOG_BYTES = 256 * 1024;

function unsupported(what: string): ApiFailure {
  return failure('unsupported', `${what} is not available in this build of Limadesk`);
}

export function createApiHandlers(deps: ApiHandlerDeps): ApiMethodFunctions {
  const { catalog } = deps;
  const summary = async (name: string) => toInstanceSummary(await catalog.inspect(name));

  return {
    listInstances: async () => success((await catalog.list()).map(toInstanceSummary)),
    getInstance: async ({ name }) => success(await summary(name)),
    getConfigText: async ({ name }) => success(await catalog.readConfig(name)),
    putConfigText: async ({ name, text, expectedMtime }) => {
      const written = await catalog.writeConfig(name, text, expectedMtime);
      // A running instance reads lima.yaml at start: the page offers a restart.
      const restartNeeded = (await catalog.inspect(name)).status === 'Running';
      return success({ warnings: written.warnings.map(toApiIssue), mtime: written.mtime, ...(restartNeeded ? { restartNeeded } : {}) });
    },
    validateConfig: async ({ text, name }) => {
      if (!deps.config) return unsupported('Validating lima.yaml');
      return success({ issues: (await deps.config.validateText(text, name)).map(toApiIssue) });
    },
    createInstance: async ({ name, text }) => {
      const created = await catalog.create(name, text);
      return success({ instance: toInstanceSummary(created.instance), warnings: created.warnings.map(toApiIssue) });
    },
    startInstance: async ({ name }) => {
      if (!deps.lifecycle) return unsupported('Starting instances');
      await deps.lifecycle.start(name);
      return success({ instance: await summary(name) });
    },
    stopInstance: async ({ name, force }) => {
      if (!deps.lifecycle) return unsupported('Stopping instances');
      await deps.lifecycle.stop(name, { force: force ?? false });
      return success({ instance: await summary(name) });
    },
    restartInstance: async ({ name }) => {
      if (!deps.lifecycle) return unsupported('Restarting instances');
      // A stopped instance is simply started; a Broken one is refused by start with its reasons.
      if ((await catalog.inspect(name)).status === 'Running') await deps.lifecycle.stop(name);
      await deps.lifecycle.start(name);
      return success({ instance: await summary(name) });
    },
    deleteInstance: async ({ name, force, confirmed }) => {
      const inst = await catalog.inspect(name);
      if (deps.dialogs && confirmed !== true) {
        const yes = await deps.dialogs.confirm({
          title: 'Delete instance',
          message: `Delete the instance "${name}"?`,
          detail: `Its directory ${inst.dir} and its disks are removed. This cannot be undone.`,
          confirmLabel: 'Delete',
          destructive: true,
        });
        if (!yes) return failure('cancelled', `deleting "${name}" was cancelled`);
      }
      await catalog.delete(name, { force: force ?? false });
      return success({ deleted: name });
    },
    listSnapshots: async ({ name }) => {
      if (!deps.snapshots) return unsupported('Snapshots');
      return success({ snapshots: await deps.snapshots.list(name) });
    },
    createSnapshot: async ({ name, tag }) => {
      if (!deps.snapshots) return unsupported('Snapshots');
      await deps.snapshots.create(name, tag);
      return success({});
    },
    applySnapshot: async ({ name, tag }) => {
      if (!deps.snapshots) return unsupported('Snapshots');
      await deps.snapshots.apply(name, tag);
      return success({});
    },
    deleteSnapshot: async ({ name, tag }) => {
      if (!deps.snapshots) return unsupported('Snapshots');
      await deps.snapshots.delete(name, tag);
      return success({});
    },
    openVncSession: async ({ name }) => {
      if (!deps.vnc) return unsupported('The VNC display');
      return success(await deps.vnc.open(name));
    },
    openTerminalSession: async ({ name, cols, rows }) => {
      if (!deps.terminal) return unsupported('The terminal');
      return success(await deps.terminal.open(name, { cols: cols ?? 80, rows: rows ?? 24 }));
    },
    readLog: async ({ name, log, maxBytes }) => success(await deps.logs.read(name, log, maxBytes ?? DEFAULT_LOG_BYTES)),
    doctor: async () => {
      if (!deps.doctor) return unsupported('The host check');
      return success({ checks: await deps.doctor.run() });
    },
    signQemu: async () => {
      if (!deps.doctor) return unsupported('Signing QEMU');
      return success(await deps.doctor.signQemu());
    },
    listTemplates: async () => {
      if (!deps.templates) return unsupported('Templates');
      return success({ templates: await deps.templates.list() });
    },
    getTemplateText: async ({ name }) => {
      if (!deps.templates) return unsupported('Templates');
      return success({ text: await deps.templates.readText(name) });
    },
    listPortForwards: async ({ name }) => {
      if (!deps.ports) return unsupported('Port forwarding');
      return success({ forwards: await deps.ports.list(name) });
    },
    ...createVerbHandlers(deps),
    // Other hosts are this machine's business only where a service routes to them (see
    // hosts/routing.ts); a bare service (`serve --stdio`, a test) knows none.
    listHosts: async () => success({ hosts: [] }),
    addHost: async () => unsupported('Adding hosts'),
    removeHost: async ({ name }) => failure('not-found', `no host named ${JSON.stringify(name)}`),
    reconnectHost: async ({ name }) => failure('not-found', `no host named ${JSON.stringify(name)}`),
  };
}

export type ApiDispatch = (method: unknown, params: unknown) => Promise<ApiResult<unknown>>;

/**
 * The single entry for untrusted requests: checks the method name and parameters, runs the
 * handler, and turns thrown errors into typed failures (logging the unexpected ones).
 */
export function createApiDispatch(handlers: ApiMethodFunctions, logger: Logger = silentLogger): ApiDispatch {
  return async (rawMethod, rawParams) => {
    const named = checkMethodName(rawMethod);
    if (!named.ok) return named;
    const method: ApiMethodName = named.method;
    const checked = validateParams(method, rawParams);
    if (!checked.ok) return checked;
    try {
      const handler = handlers[method] as (p: unknown) => Promise<ApiResult<unknown>>;
      return await handler(checked.params);
    } catch (err) {
      const result = toApiFailure(err);
      if (result.code === 'internal') {
        logger.error(`API method ${method} failed`, { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
      return result;
    }
  };
}
