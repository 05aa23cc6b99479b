/**
 * The Limadesk API, defined once for every side: the Electron preload, the IPC wiring in
 * main, the `limadesk serve` bridge and the renderer's client all derive from the two
 * runtime tables below (API_METHODS, API_EVENTS) and the types beside them.
 *
 * Expected failures (no such instance, invalid lima.yaml, wrong state) come back as an
 * `ApiFailure` value, never as a thrown error: Electron strips thrown errors down to a
 * string, and a browser client would lose them the same way.
 */

export type InstanceStatus = 'Running' | 'Stopped' | 'Broken';

/** What the UI shows of one instance; a plain-data copy of the core's inspection. */
export interface InstanceSummary {
  name: string;
  status: InstanceStatus;
  dir: string;
  vmType: string;
  arch: string;
  cpus: number;
  /** Bytes. */
  memory: number;
  /** Bytes. */
  disk: number;
  sshLocalPort: number;
  message: string;
  protected: boolean;
  /** Why the instance is Broken (or other problems found while inspecting it). */
  errors: string[];
}

/** A lima.yaml problem, always with a position when one exists (what an editor marks). */
export interface ApiIssue {
  severity: 'error' | 'warning';
  /** Dotted path of the field, e.g. `mounts[0].location`; '' for document-level problems. */
  field: string;
  message: string;
  file?: string;
  /** 1-based line and column; absent only when the problem has no place in any file. */
  line?: number;
  col?: number;
}

export interface SnapshotInfo {
  tag: string;
  /** Size of the saved VM state as QEMU prints it (e.g. "92.4 MiB"); '' when not known. */
  vmStateSize: string;
  date: string;
}

export interface VncSession {
  /** A ws:// URL noVNC connects to. */
  url: string;
  password: string;
}

export interface TerminalSession {
  /** A ws:// URL: binary frames are terminal bytes both ways; a text frame `{"resize":[cols,rows]}` resizes. */
  url: string;
}

export const LOG_NAMES = ['ha.stdout', 'ha.stderr', 'serial'] as const;
export type LogName = (typeof LOG_NAMES)[number];

export interface DoctorCheck {
  id: string;
  title: string;
  ok: boolean;
  detail: string;
  /** What to do about a failed check, e.g. an install command. */
  fix?: string;
}

export interface TemplateInfo {
  /** What to write after `template:`. */
  name: string;
  /** The template's first comment line; '' when it has none. */
  description: string;
  /** Lima's guest OS (Linux, FreeBSD, Darwin, Windows); absent when the template cannot be read. */
  os?: string;
  /** The distribution and release, e.g. "Ubuntu 24.04", when the images say so. */
  distro?: string;
  /** The `message` shown after start, as written (a Go template). */
  message?: string;
}

/**
 * One port forward of a running instance, as its host agent reports it: a guest listener
 * or socket and where it is forwarded on the host.
 */
export interface PortForwardInfo {
  protocol: 'tcp' | 'unix';
  /** `127.0.0.1:8080`, `[::]:80`, or a socket path in the guest. */
  guestAddr: string;
  /** `127.0.0.1:8080` or a socket path on the host; absent when not forwarded. */
  hostAddr?: string;
  /**
   * `forwarding`: the host side listens; `failed`: it could not (see `error`, e.g. the host
   * port is taken); `not-forwarding`: a guest listener no rule forwards (or an `ignore` rule stops).
   */
  state: 'forwarding' | 'failed' | 'not-forwarding';
  /** A socket forward from the host into the guest (`reverse: true`). */
  reverse?: boolean;
  /** Set up at start from a `static: true` rule, not from a guest listener. */
  static?: boolean;
  error?: string;
}

export type ApiErrorCode =
  | 'invalid-request'
  | 'unknown-method'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'exists'
  | 'invalid-config'
  | 'wrong-state'
  | 'conflict'
  /** The host refused a file operation: disk full, read-only, no permission. Not a bug: the message says which file. */
  | 'host-io'
  | 'cancelled'
  | 'unsupported'
  | 'internal';

export interface ApiFailure {
  ok: false;
  code: ApiErrorCode;
  message: string;
  issues?: ApiIssue[];
}

export type ApiResult<T> = { ok: true; value: T } | ApiFailure;

type NoParams = Record<string, never>;
interface ByName {
  name: string;
}
interface SnapshotRef {
  name: string;
  tag: string;
}

/** Every request/response method: its parameters and its successful result. */
export interface ApiMethodMap {
  listInstances: { params: NoParams; result: InstanceSummary[] };
  getInstance: { params: ByName; result: InstanceSummary };
  /** `mtime` (ms since the epoch) lets the editor tell an external edit from its own save. */
  getConfigText: { params: ByName; result: { text: string; mtime: number } };
  /** With `expectedMtime`, a lima.yaml changed since then is not overwritten: the answer is a 'conflict' failure. */
  putConfigText: { params: { name: string; text: string; expectedMtime?: number }; result: { warnings: ApiIssue[]; mtime: number } };
  /**
   * Every problem of a lima.yaml text, its `base:` templates embedded first. With `name`, the
   * text is the lima.yaml of that instance (relative bases resolve in its directory).
   */
  validateConfig: { params: { text: string; name?: string }; result: { issues: ApiIssue[] } };
  createInstance: { params: { name: string; text: string }; result: { instance: InstanceSummary; warnings: ApiIssue[] } };
  startInstance: { params: ByName; result: { instance: InstanceSummary } };
  stopInstance: { params: { name: string; force?: boolean }; result: { instance: InstanceSummary } };
  restartInstance: { params: ByName; result: { instance: InstanceSummary } };
  /** `confirmed`: the caller already asked the user (the page's own dialog); otherwise the main side asks. */
  deleteInstance: { params: { name: string; force?: boolean; confirmed?: boolean }; result: { deleted: string } };
  listSnapshots: { params: ByName; result: { snapshots: SnapshotInfo[] } };
  createSnapshot: { params: SnapshotRef; result: NoParams };
  applySnapshot: { params: SnapshotRef; result: NoParams };
  deleteSnapshot: { params: SnapshotRef; result: NoParams };
  openVncSession: { params: ByName; result: VncSession };
  /** A one-use loopback WebSocket URL carrying an SSH shell of the instance (xterm.js on the other end). */
  openTerminalSession: { params: { name: string; cols?: number; rows?: number }; result: TerminalSession };
  readLog: { params: { name: string; log: LogName; maxBytes?: number }; result: { text: string; truncated: boolean } };
  doctor: { params: NoParams; result: { checks: DoctorCheck[] } };
  signQemu: { params: NoParams; result: { signed: boolean; message: string } };
  listTemplates: { params: NoParams; result: { templates: TemplateInfo[] } };
  getTemplateText: { params: ByName; result: { text: string } };
  /** The forwards of a running instance (empty when it is not running or SSH is not up yet). */
  listPortForwards: { params: ByName; result: { forwards: PortForwardInfo[] } };
}

export type BootStageName =
  | 'agent-started'
  | 'image-downloading'
  | 'image-ready'
  | 'cidata-ready'
  | 'disks-ready'
  | 'qemu-started'
  | 'vnc-ready'
  | 'qmp-ready'
  | 'ssh-ready'
  | 'running'
  // After SSH, Lima's boot as the host agent follows it (each with `ok` once it has an outcome):
  /** A built-in requirement: the boot scripts let the user in, sshfs can mount, the boot scripts finished. */
  | 'requirement'
  /** A readiness probe of the template: its description, then whether it passed. */
  | 'probe'
  /** A share mounted in the guest, or why not. */
  | 'mount'
  /** A boot or provisioning script's exit code. */
  | 'script'
  /** A copyToHost rule: copied, skipped (missing) or failed. */
  | 'copy-to-host'
  /** The guest finished booting; `ok: false` when something above failed (Lima's "degraded"). */
  | 'ready'
  | 'stopping'
  | 'qemu-exited'
  | 'exiting';

/** Every event the main side pushes, with its payload. */
export interface ApiEventMap {
  /** `instance` is null when the instance directory disappeared. */
  instanceStatusChanged: { name: string; status: InstanceStatus | 'Deleted'; previous: InstanceStatus | 'Unknown'; instance: InstanceSummary | null };
  /** `ok` is set for stages that succeed or fail (probe, mount, script…) once the outcome is known. */
  bootStage: { name: string; stage: BootStageName; time: string; message?: string; ok?: boolean };
  logLines: { name: string; log: LogName; lines: string[] };
  /** A forward started, failed or stopped (Lima's port-forward event); `listPortForwards` has the whole list. */
  portForwardChanged: {
    name: string;
    type: 'forwarding' | 'not-forwarding' | 'stopping' | 'failed';
    protocol?: string;
    guestAddr?: string;
    hostAddr?: string;
    error?: string;
  };
  downloadProgress: {
    name: string;
    url: string;
    receivedBytes: number;
    totalBytes?: number;
    bytesPerSecond?: number;
    etaSeconds?: number;
    done: boolean;
    /** Set when the download failed; `done` is then true as well. */
    error?: string;
  };
}

export type ApiMethodName = keyof ApiMethodMap;
export type ApiEventName = keyof ApiEventMap;
export type ApiParams<M extends ApiMethodName> = ApiMethodMap[M]['params'];
export type ApiValue<M extends ApiMethodName> = ApiMethodMap[M]['result'];
export type ApiEvent<E extends ApiEventName> = ApiEventMap[E];

type Channel = `${string}:${string}`;

/** The contract: every method with its IPC channel (`area:verb`). */
export const API_METHODS = {
  listInstances: 'instances:list',
  getInstance: 'instances:get',
  getConfigText: 'config:get-text',
  putConfigText: 'config:put-text',
  validateConfig: 'config:validate',
  createInstance: 'instances:create',
  startInstance: 'instances:start',
  stopInstance: 'instances:stop',
  restartInstance: 'instances:restart',
  deleteInstance: 'instances:delete',
  listSnapshots: 'snapshots:list',
  createSnapshot: 'snapshots:create',
  applySnapshot: 'snapshots:apply',
  deleteSnapshot: 'snapshots:delete',
  openVncSession: 'vnc:open',
  openTerminalSession: 'terminal:open',
  readLog: 'logs:read',
  doctor: 'doctor:run',
  signQemu: 'doctor:sign-qemu',
  listTemplates: 'templates:list',
  getTemplateText: 'templates:get-text',
  listPortForwards: 'ports:list',
} as const satisfies Record<ApiMethodName, Channel>;

/** The contract: every pushed event with its IPC channel. */
export const API_EVENTS = {
  instanceStatusChanged: 'instances:status-changed',
  bootStage: 'instances:boot-stage',
  logLines: 'logs:lines',
  downloadProgress: 'images:download-progress',
  portForwardChanged: 'ports:changed',
} as const satisfies Record<ApiEventName, Channel>;

export const API_METHOD_NAMES = Object.keys(API_METHODS) as ApiMethodName[];
export const API_EVENT_NAMES = Object.keys(API_EVENTS) as ApiEventName[];

export function isApiMethodName(value: unknown): value is ApiMethodName {
  return typeof value === 'string' && Object.hasOwn(API_METHODS, value);
}

export function isApiEventName(value: unknown): value is ApiEventName {
  return typeof value === 'string' && Object.hasOwn(API_EVENTS, value);
}

export type ApiMethodFunctions = {
  [M in ApiMethodName]: (params: ApiParams<M>) => Promise<ApiResult<ApiValue<M>>>;
};

export type Unsubscribe = () => void;

/** What the renderer sees as `window.limadesk`, and what the browser bridge provides. */
export interface LimadeskApi extends ApiMethodFunctions {
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvent<E>) => void): Unsubscribe;
}

/** One pushed event, tagged with its name (for transports that share one stream). */
export type ApiEventEnvelope = { [E in ApiEventName]: { event: E; payload: ApiEvent<E> } }[ApiEventName];

export function failure(code: ApiErrorCode, message: string, issues?: ApiIssue[]): ApiFailure {
  return issues ? { ok: false, code, message, issues } : { ok: false, code, message };
}

export function success<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}
