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

/**
 * The version of this API as two Limadesks speak it to each other (`limadesk serve --stdio`
 * over SSH): raised whenever a method, a parameter or an event changes shape. Both sides send
 * it in their first message; a different number on the other side is refused, naming both.
 */
export const API_VERSION = 1;

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
  /** Lima's guest OS (Linux, FreeBSD, Darwin, Windows), from lima.yaml's `os` or its first image; absent when lima.yaml cannot be read. */
  os?: string;
  /** The distribution and release its first image names, e.g. "Ubuntu 24.04"; absent when the image does not say. */
  distro?: string;
  /** Why the instance is Broken (or other problems found while inspecting it). */
  errors: string[];
  /** The host (from `limadesk host add`) the instance lives on; absent for this machine. */
  host?: string;
  /**
   * Set while the instance's host cannot be reached: why, in words. `status` and the other
   * fields are then as last seen.
   */
  unreachable?: string;
}

/**
 * Why another host cannot be reached. `host-key-changed` is never worked around: the key in
 * known_hosts must be fixed by the user.
 */
export type HostProblem =
  | 'auth-failed'
  | 'host-key-changed'
  | 'host-key-unknown'
  | 'network'
  | 'cli-missing'
  | 'cli-too-old'
  | 'version-mismatch'
  | 'dropped'
  | 'ssh-missing'
  | 'failed';

/** Another machine whose instances this one shows, reached with OpenSSH's `ssh`. */
export interface HostSettings {
  /** What `--host NAME` and the dashboard call it. */
  name: string;
  /** `user@host`, `host`, or a Host alias of the ssh configuration. */
  destination: string;
  port?: number;
  /** A private key file (`ssh -i`). */
  identity?: string;
  /**
   * How the remote host's login shell runs Limadesk's CLI (`limadesk`, a path, `npx limadesk`);
   * ` serve --stdio` is appended. Default `limadesk`.
   */
  remoteCommand?: string;
  /** An ssh configuration file used instead of ~/.ssh/config (`ssh -F`). */
  sshConfig?: string;
}

/** What the other side said in its first message. */
export interface RemoteHello {
  api: number;
  limadesk: string;
  hostname?: string;
  limaHome?: string;
}

export interface HostStatus extends HostSettings {
  state: 'connecting' | 'connected' | 'unreachable';
  problem?: HostProblem;
  /** Why the host is unreachable, in words (what ssh or the remote said); while connecting again, why the last attempt failed; absent while connected. */
  reason?: string;
  /** The remote side's hello, from the latest connection. */
  remote?: RemoteHello;
  /** Instances known on the host (as last seen while it is unreachable). */
  instanceCount: number;
  /** When the next connection attempt starts (ms since the epoch), while unreachable. */
  retryAt?: number;
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

/** One of Lima's additional disks (`$LIMA_HOME/_disks/NAME`), as the Disks view shows it. */
export interface DiskInfo {
  name: string;
  /** Virtual size in bytes: what the guest sees. */
  size: number;
  /** Bytes the image takes on the host's file system (qcow2 and sparse images take less). */
  sizeOnDisk: number;
  format: string;
  dir: string;
  /** The instance that holds the disk's `in_use_by` lock (attached and started); '' when none. */
  instance: string;
  instanceDir: string;
  /** Where the guest mounts it (`/mnt/lima-NAME`). */
  mountPoint: string;
  /** Instances whose lima.yaml names it in `additionalDisks` (running or not). */
  referencedBy: string[];
}

/** A file or directory a factory reset removes, with the bytes it takes on the host. */
export interface ResetEntry {
  name: string;
  bytes: number;
}

export interface StartAtLoginInfo {
  enabled: boolean;
  /** The systemd user unit or launchd plist. */
  file: string;
  /** What the service manager said, or why it was not asked (e.g. systemd not running). */
  message?: string;
}

/** `limactl info`: what this host offers, with Lima's field names. */
export interface HostInfoReport {
  /** The Lima release whose behaviour Limadesk follows. */
  version: string;
  limadeskVersion: string;
  templates: Array<{ name: string; location: string }>;
  /** `template:default` with every default filled in (absent when it cannot be read; see `errors`). */
  defaultTemplate?: unknown;
  limaHome: string;
  vmTypes: string[];
  vmTypesEx: Record<string, { location?: string }>;
  guestAgents: Record<string, { location: string }>;
  hostOS: string;
  hostArch: string;
  identityFile: string;
  errors?: string[];
}

/**
 * What one running instance uses, sampled every 2 s while someone watches (watchUsage).
 * Rates are over `intervalMs`, the time since the instance's previous sample; the first
 * sample of an instance has no rates yet (`intervalMs` 0, rate fields absent).
 */
export interface InstanceUsage {
  name: string;
  /** When the sample was taken, ms since the epoch. */
  time: number;
  intervalMs: number;
  /** QEMU's CPU time over wall time: 100 % of vCPUs = every vCPU busy; 100 % of host = every host core busy. */
  cpu?: { vcpus: number; hostCores: number; percentOfVcpus: number; percentOfHost: number };
  memory: {
    /** `memory:` of lima.yaml. */
    configuredBytes: number;
    /** QEMU's resident set on the host. */
    hostRssBytes?: number;
    /** From the guest's /proc/meminfo, once SSH is up. */
    guest?: { totalBytes: number; availableBytes: number; usedBytes: number };
  };
  disk: {
    /** The instance's disk image: virtual size and what it takes on the host. */
    virtualBytes: number;
    onDiskBytes: number;
    /** All drives, from QEMU's counters (QMP query-blockstats, through the host agent). */
    readBytesPerSec?: number;
    writeBytesPerSec?: number;
  };
  /** The guest's interfaces but lo, from its /proc/net/dev, once SSH is up. */
  network?: { rxBytesPerSec: number; txBytesPerSec: number };
  /** Why figures are missing (SSH not up yet, an agent without disk counters, …). */
  notes?: string[];
}

export type TransferOperation = 'clone' | 'copy' | 'disk-import';

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
  /** The request is bigger than the server accepts (an HTTP body or a WebSocket message): show "request too large". */
  | 'too-large'
  | 'unsupported'
  /** The instance's host cannot be reached over SSH (the message says why). */
  | 'unreachable'
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
/** `host`: the instance's host (HostSettings.name); absent for this machine. */
interface OnHost {
  host?: string;
}

/** Every request/response method: its parameters and its successful result. */
export interface ApiMethodMap {
  /** The instances of this machine and of every host (each tagged with `host`). */
  listInstances: { params: NoParams; result: InstanceSummary[] };
  getInstance: { params: ByName & OnHost; result: InstanceSummary };
  /** `mtime` (ms since the epoch) lets the editor tell an external edit from its own save. */
  getConfigText: { params: ByName & OnHost; result: { text: string; mtime: number } };
  /** With `expectedMtime`, a lima.yaml changed since then is not overwritten: the answer is a 'conflict' failure. */
  putConfigText: { params: { name: string; text: string; expectedMtime?: number } & OnHost; result: { warnings: ApiIssue[]; mtime: number; restartNeeded?: boolean } };
  /**
   * Every problem of a lima.yaml text, its `base:` templates embedded first. With `name`, the
   * text is the lima.yaml of that instance (relative bases resolve in its directory).
   */
  validateConfig: { params: { text: string; name?: string } & OnHost; result: { issues: ApiIssue[] } };
  createInstance: { params: { name: string; text: string } & OnHost; result: { instance: InstanceSummary; warnings: ApiIssue[] } };
  startInstance: { params: ByName & OnHost; result: { instance: InstanceSummary } };
  stopInstance: { params: { name: string; force?: boolean } & OnHost; result: { instance: InstanceSummary } };
  restartInstance: { params: ByName & OnHost; result: { instance: InstanceSummary } };
  /** `confirmed`: the caller already asked the user (the page's own dialog); otherwise the main side asks. */
  deleteInstance: { params: { name: string; force?: boolean; confirmed?: boolean } & OnHost; result: { deleted: string } };
  listSnapshots: { params: ByName & OnHost; result: { snapshots: SnapshotInfo[] } };
  createSnapshot: { params: SnapshotRef & OnHost; result: NoParams };
  applySnapshot: { params: SnapshotRef & OnHost; result: NoParams };
  deleteSnapshot: { params: SnapshotRef & OnHost; result: NoParams };
  openVncSession: { params: ByName & OnHost; result: VncSession };
  /** A one-use loopback WebSocket URL carrying an SSH shell of the instance (xterm.js on the other end). */
  openTerminalSession: { params: { name: string; cols?: number; rows?: number } & OnHost; result: TerminalSession };
  readLog: { params: { name: string; log: LogName; maxBytes?: number } & OnHost; result: { text: string; truncated: boolean } };
  doctor: { params: OnHost; result: { checks: DoctorCheck[] } };
  signQemu: { params: NoParams; result: { signed: boolean; message: string } };
  listTemplates: { params: OnHost; result: { templates: TemplateInfo[] } };
  getTemplateText: { params: ByName & OnHost; result: { text: string } };
  /** The forwards of a running instance (empty when it is not running or SSH is not up yet). */
  listPortForwards: { params: ByName & OnHost; result: { forwards: PortForwardInfo[] } };
  /**
   * `limactl clone`: the stopped instance copied (copy-on-write where the filesystem can) under
   * `newName`, with `set` (yq expressions) applied to the copy. Progress comes as
   * transferProgress events (operation 'clone'). Start it with startInstance.
   */
  cloneInstance: { params: { name: string; newName: string; set?: string[] } & OnHost; result: { instance: InstanceSummary; method: 'reflink' | 'copy'; notes: string[]; warnings: ApiIssue[] } };
  /** A stopped instance's directory renamed; ssh.config, disk locks and the start-at-login entry follow. */
  renameInstance: { params: { name: string; newName: string } & OnHost; result: { instance: InstanceSummary } };
  /**
   * `limactl factory-reset`: everything but the YAML files, `lima-version` and `protected` goes
   * (the disk included). `dryRun` only lists what would go (what the dashboard's question
   * shows); without `confirmed` the main side asks. A protected instance is refused ('wrong-state').
   */
  factoryResetInstance: { params: { name: string; dryRun?: boolean; confirmed?: boolean } & OnHost; result: { removed: ResetEntry[] } };
  /** `limactl protect` / `unprotect`. */
  setProtected: { params: { name: string; protected: boolean } & OnHost; result: { instance: InstanceSummary; changed: boolean } };
  /**
   * `limactl edit`: yq expressions (`set`) and Lima's --cpus / --memory (GiB) / --disk (GiB) on
   * lima.yaml, comments kept. `restartNeeded`: the instance runs; restartInstance applies it.
   */
  editInstance: { params: { name: string; set?: string[]; cpus?: number; memory?: number; disk?: number } & OnHost; result: { changed: boolean; restartNeeded: boolean; warnings: ApiIssue[]; mtime: number } };
  listDisks: { params: NoParams; result: { disks: DiskInfo[] } };
  /** `size` as Lima writes it (`10GiB`, `512M`); `format` qcow2 (default) or raw. */
  createDisk: { params: { name: string; size: string; format?: 'qcow2' | 'raw' }; result: { disk: DiskInfo } };
  /** Refused ('wrong-state', naming the instance) while an instance holds or names the disk, unless `force` (never under a running VM). */
  deleteDisk: { params: { name: string; force?: boolean; confirmed?: boolean }; result: { deleted: string } };
  /** Grow only; refused while a running instance uses it. */
  resizeDisk: { params: { name: string; size: string }; result: { disk: DiskInfo } };
  unlockDisk: { params: { name: string }; result: { disk: DiskInfo; wasLocked: boolean } };
  /** A qcow2 or raw image on the host copied in as a new disk; progress as transferProgress ('disk-import'). */
  importDisk: { params: { name: string; path: string }; result: { disk: DiskInfo; method: 'reflink' | 'copy' } };
  /** Names the disk in the instance's `additionalDisks`; refused ('wrong-state') when another instance holds it, naming it. */
  attachDisk: { params: { name: string; disk: string }; result: { changed: boolean; restartNeeded: boolean } };
  detachDisk: { params: { name: string; disk: string }; result: { changed: boolean; restartNeeded: boolean } };
  /**
   * Host files or directories (absolute paths) into a running instance, over its SSH server;
   * `guestPath` is relative to the guest user's home unless absolute. Progress as
   * transferProgress ('copy'). A stopped instance is refused ('wrong-state').
   */
  copyToInstance: { params: { name: string; hostPaths: string[]; guestPath: string; recursive?: boolean }; result: { files: number; bytes: number } };
  copyFromInstance: { params: { name: string; guestPaths: string[]; hostPath: string; recursive?: boolean }; result: { files: number; bytes: number } };
  getStartAtLogin: { params: ByName & OnHost; result: StartAtLoginInfo };
  setStartAtLogin: { params: { name: string; enabled: boolean } & OnHost; result: StartAtLoginInfo };
  /** `limactl tunnel`: a SOCKS proxy into the guest's network on 127.0.0.1:`port` (0 or absent: a free port). */
  openTunnel: { params: { name: string; port?: number }; result: { port: number; proxyUrl: string; hostname: string } };
  getHostInfo: { params: OnHost; result: HostInfoReport };
  /**
   * Starts (or keeps) usage sampling for this watcher: every `intervalMs` while at least one
   * watcher's lease is alive, nothing otherwise. A lease lasts `leaseMs`; call again before it
   * ends (the list and Overview do, while shown) or unwatchUsage when done. `names` limits the
   * instances this watcher wants (default: every running one). Samples come as usageSampled.
   */
  watchUsage: { params: { watcher: string; names?: string[] }; result: { intervalMs: number; leaseMs: number; samples: InstanceUsage[] } };
  unwatchUsage: { params: { watcher: string }; result: NoParams };
  /** The latest sample per instance (or of `name`); with `history`, the samples of the last 10 minutes, oldest first. */
  getUsage: { params: { name?: string; history?: boolean }; result: { samples: InstanceUsage[]; history?: InstanceUsage[] } };
  /** Every host with its connection state. */
  listHosts: { params: NoParams; result: { hosts: HostStatus[] } };
  /**
   * Adds a host, connecting first (unless `connect` is false): a host seen for the first time
   * has its key recorded in known_hosts (OpenSSH's accept-new); a changed key is refused. The
   * host is saved only once the connection got through, its hello included. `notes` says what
   * ssh reported (the key it added).
   */
  addHost: { params: HostSettings & { connect?: boolean }; result: { host: HostStatus; notes: string[] } };
  /** Forgets a host (its VMs keep running there). */
  removeHost: { params: { name: string }; result: { removed: string } };
  /** Connects now rather than at the end of the back-off. */
  reconnectHost: { params: { name: string }; result: { host: HostStatus } };
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
  instanceStatusChanged: { name: string; status: InstanceStatus | 'Deleted'; previous: InstanceStatus | 'Unknown'; instance: InstanceSummary | null } & OnHost;
  /** `ok` is set for stages that succeed or fail (probe, mount, script…) once the outcome is known. */
  bootStage: { name: string; stage: BootStageName; time: string; message?: string; ok?: boolean } & OnHost;
  logLines: { name: string; log: LogName; lines: string[] } & OnHost;
  /** A forward started, failed or stopped (Lima's port-forward event); `listPortForwards` has the whole list. */
  portForwardChanged: {
    name: string;
    type: 'forwarding' | 'not-forwarding' | 'stopping' | 'failed';
    protocol?: string;
    guestAddr?: string;
    hostAddr?: string;
    error?: string;
  } & OnHost;
  /** Every sampled instance, once per interval while someone watches (see watchUsage). */
  usageSampled: { samples: InstanceUsage[] };
  /** A clone, copy or disk import under way; `done` once with the totals (and `error` if it failed). */
  transferProgress: {
    operation: TransferOperation;
    /** The instance (clone: the source; copy: the instance) or the disk (import). */
    name: string;
    /** The clone's name, the copy's target, the imported file. */
    target: string;
    file?: string;
    doneBytes: number;
    totalBytes: number;
    done: boolean;
    error?: string;
  } & OnHost;
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
  } & OnHost;
  /** A host was added, changed state or was removed (`removed`). */
  hostChanged: { host: HostStatus; removed?: boolean };
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
  cloneInstance: 'instances:clone',
  renameInstance: 'instances:rename',
  factoryResetInstance: 'instances:factory-reset',
  setProtected: 'instances:set-protected',
  editInstance: 'instances:edit',
  listDisks: 'disks:list',
  createDisk: 'disks:create',
  deleteDisk: 'disks:delete',
  resizeDisk: 'disks:resize',
  unlockDisk: 'disks:unlock',
  importDisk: 'disks:import',
  attachDisk: 'disks:attach',
  detachDisk: 'disks:detach',
  copyToInstance: 'files:copy-in',
  copyFromInstance: 'files:copy-out',
  getStartAtLogin: 'instances:get-start-at-login',
  setStartAtLogin: 'instances:set-start-at-login',
  openTunnel: 'instances:tunnel',
  getHostInfo: 'host:info',
  watchUsage: 'usage:watch',
  unwatchUsage: 'usage:unwatch',
  getUsage: 'usage:get',
  listHosts: 'hosts:list',
  addHost: 'hosts:add',
  removeHost: 'hosts:remove',
  reconnectHost: 'hosts:reconnect',
} as const satisfies Record<ApiMethodName, Channel>;

/** The contract: every pushed event with its IPC channel. */
export const API_EVENTS = {
  instanceStatusChanged: 'instances:status-changed',
  bootStage: 'instances:boot-stage',
  logLines: 'logs:lines',
  downloadProgress: 'images:download-progress',
  portForwardChanged: 'ports:changed',
  usageSampled: 'usage:sampled',
  transferProgress: 'files:transfer-progress',
  hostChanged: 'hosts:changed',
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
