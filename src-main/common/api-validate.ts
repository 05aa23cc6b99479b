import { instanceNameProblem, limaInstanceNameMessage } from './instance-name';
import { failure, isApiMethodName, LOG_NAMES, type ApiFailure, type ApiMethodName, type ApiParams } from './api';

/**
 * Runtime checks of request parameters, run where a request enters the main side (IPC
 * handler, HTTP or WebSocket server): the renderer is not trusted to send what its types say.
 * Each method declares its fields; unknown fields are refused so typos do not pass silently.
 */

type FieldKind =
  | 'instanceName'
  | 'instanceName?'
  | 'instanceNames?'
  | 'templateName'
  | 'snapshotTag'
  | 'text'
  | 'logName'
  | 'boolean'
  | 'boolean?'
  | 'byteCount?'
  | 'mtime?'
  | 'terminalSize?'
  | 'yqExpressions?'
  | 'cpuCount?'
  | 'gib?'
  | 'diskName'
  | 'diskSize'
  | 'diskFormat?'
  | 'hostPath'
  | 'hostPaths'
  | 'guestPath'
  | 'guestPaths'
  | 'port?'
  | 'watcherId'
  | 'hostName'
  | 'hostName?'
  | 'sshDestination'
  | 'sshPort?'
  | 'sshFile?'
  | 'remoteCommand?';

const FIELDS: { [M in ApiMethodName]: Record<string, FieldKind> } = {
  listInstances: {},
  getInstance: { name: 'instanceName', host: 'hostName?' },
  getConfigText: { name: 'instanceName', host: 'hostName?' },
  putConfigText: { name: 'instanceName', text: 'text', expectedMtime: 'mtime?', host: 'hostName?' },
  validateConfig: { text: 'text', name: 'instanceName?', host: 'hostName?' },
  createInstance: { name: 'instanceName', text: 'text', host: 'hostName?' },
  startInstance: { name: 'instanceName', host: 'hostName?' },
  stopInstance: { name: 'instanceName', force: 'boolean?', host: 'hostName?' },
  restartInstance: { name: 'instanceName', host: 'hostName?' },
  deleteInstance: { name: 'instanceName', force: 'boolean?', confirmed: 'boolean?', host: 'hostName?' },
  listSnapshots: { name: 'instanceName', host: 'hostName?' },
  createSnapshot: { name: 'instanceName', tag: 'snapshotTag', host: 'hostName?' },
  applySnapshot: { name: 'instanceName', tag: 'snapshotTag', host: 'hostName?' },
  deleteSnapshot: { name: 'instanceName', tag: 'snapshotTag', host: 'hostName?' },
  openVncSession: { name: 'instanceName', host: 'hostName?' },
  openTerminalSession: { name: 'instanceName', cols: 'terminalSize?', rows: 'terminalSize?', host: 'hostName?' },
  readLog: { name: 'instanceName', log: 'logName', maxBytes: 'byteCount?', host: 'hostName?' },
  doctor: { host: 'hostName?' },
  signQemu: {},
  listTemplates: { host: 'hostName?' },
  getTemplateText: { name: 'templateName', host: 'hostName?' },
  listPortForwards: { name: 'instanceName', host: 'hostName?' },
  cloneInstance: { name: 'instanceName', newName: 'instanceName', set: 'yqExpressions?', host: 'hostName?' },
  renameInstance: { name: 'instanceName', newName: 'instanceName', host: 'hostName?' },
  factoryResetInstance: { name: 'instanceName', dryRun: 'boolean?', confirmed: 'boolean?', host: 'hostName?' },
  setProtected: { name: 'instanceName', protected: 'boolean', host: 'hostName?' },
  editInstance: { name: 'instanceName', set: 'yqExpressions?', cpus: 'cpuCount?', memory: 'gib?', disk: 'gib?', host: 'hostName?' },
  listDisks: {},
  createDisk: { name: 'diskName', size: 'diskSize', format: 'diskFormat?' },
  deleteDisk: { name: 'diskName', force: 'boolean?', confirmed: 'boolean?' },
  resizeDisk: { name: 'diskName', size: 'diskSize' },
  unlockDisk: { name: 'diskName' },
  importDisk: { name: 'diskName', path: 'hostPath' },
  attachDisk: { name: 'instanceName', disk: 'diskName' },
  detachDisk: { name: 'instanceName', disk: 'diskName' },
  copyToInstance: { name: 'instanceName', hostPaths: 'hostPaths', guestPath: 'guestPath', recursive: 'boolean?' },
  copyFromInstance: { name: 'instanceName', guestPaths: 'guestPaths', hostPath: 'hostPath', recursive: 'boolean?' },
  getStartAtLogin: { name: 'instanceName', host: 'hostName?' },
  setStartAtLogin: { name: 'instanceName', enabled: 'boolean', host: 'hostName?' },
  openTunnel: { name: 'instanceName', port: 'port?' },
  getHostInfo: { host: 'hostName?' },
  watchUsage: { watcher: 'watcherId', names: 'instanceNames?' },
  unwatchUsage: { watcher: 'watcherId' },
  getUsage: { name: 'instanceName?', history: 'boolean?' },
  listHosts: {},
  addHost: { name: 'hostName', destination: 'sshDestination', port: 'sshPort?', identity: 'sshFile?', remoteCommand: 'remoteCommand?', sshConfig: 'sshFile?', connect: 'boolean?' },
  removeHost: { name: 'hostName' },
  reconnectHost: { name: 'hostName' },
};

/** The fields of a host's settings (HostSettings), as addHost and the hosts file check them. */
export const HOST_SETTINGS_FIELDS: Record<string, FieldKind> = { name: 'hostName', destination: 'sshDestination', port: 'sshPort?', identity: 'sshFile?', remoteCommand: 'remoteCommand?', sshConfig: 'sshFile?' };

// Lima's identifier rule (disk names are identifiers, as instance names are).
const IDENTIFIER = /^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$/;
const WATCHER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_PATH_LENGTH = 4096;
const MAX_LIST_LENGTH = 1000;
const MAX_EXPRESSIONS = 100;
// A host's name is a word of its own (it becomes a --host argument and a column of the list).
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
// What follows reaches ssh's argv: nothing may start with "-" (it would be read as an option)
// or hold a control character.
const hasControlCharacter = (text: string): boolean => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

function pathProblem(field: string, value: unknown, absolute: boolean): string | undefined {
  if (typeof value !== 'string' || value === '') return `"${field}" must be a non-empty path`;
  if (value.length > MAX_PATH_LENGTH) return `"${field}" is longer than ${MAX_PATH_LENGTH} characters`;
  if (value.includes('\0')) return `"${field}" must not contain a NUL character`;
  if (absolute && !value.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(value)) return `"${field}" must be an absolute path on the host, got ${JSON.stringify(value)}`;
  return undefined;
}

function listProblem(field: string, value: unknown, item: (v: unknown, i: number) => string | undefined): string | undefined {
  if (!Array.isArray(value)) return `"${field}" must be a list`;
  if (value.length === 0) return `"${field}" must name at least one entry`;
  if (value.length > MAX_LIST_LENGTH) return `"${field}" has more than ${MAX_LIST_LENGTH} entries`;
  for (let i = 0; i < value.length; i++) {
    const problem = item(value[i], i);
    if (problem) return problem;
  }
  return undefined;
}

// Template names may have folders ("experimental/foo") but never climb out of them.
const TEMPLATE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
// QEMU snapshot tags go into HMP command lines: keep them to a plain word.
const SNAPSHOT_TAG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
// lima.yaml files are small; a bigger text is a mistake or an attack, not a config.
const MAX_TEXT_LENGTH = 1024 * 1024;

function checkField(field: string, kind: FieldKind, value: unknown): string | undefined {
  if (kind.endsWith('?') && value === undefined) return undefined;
  switch (kind) {
    case 'instanceName?':
    case 'instanceName':
      if (typeof value !== 'string') return `"${field}" must be a string`;
      {
        const problem = instanceNameProblem(value);
        return problem ? `"${field}" must be an instance name: ${limaInstanceNameMessage(value, problem)}` : undefined;
      }
    case 'templateName':
      if (typeof value !== 'string' || value.length > 200 || !TEMPLATE_NAME.test(value)) {
        return `"${field}" must be a template name such as "default" or "experimental/foo", got ${JSON.stringify(value)}`;
      }
      return undefined;
    case 'snapshotTag':
      if (typeof value !== 'string' || !SNAPSHOT_TAG.test(value)) {
        return `"${field}" must be a snapshot tag matching ${SNAPSHOT_TAG.source}, got ${JSON.stringify(value)}`;
      }
      return undefined;
    case 'text':
      if (typeof value !== 'string') return `"${field}" must be a string`;
      if (value.length > MAX_TEXT_LENGTH) return `"${field}" is longer than ${MAX_TEXT_LENGTH} characters`;
      return undefined;
    case 'logName':
      if (typeof value !== 'string' || !(LOG_NAMES as readonly string[]).includes(value)) {
        return `"${field}" must be one of ${LOG_NAMES.join(', ')}, got ${JSON.stringify(value)}`;
      }
      return undefined;
    case 'boolean?':
      return typeof value === 'boolean' ? undefined : `"${field}" must be true or false`;
    case 'mtime?':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : `"${field}" must be a modification time in milliseconds`;
    case 'terminalSize?':
      return Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= 1000 ? undefined : `"${field}" must be a whole number from 1 to 1000`;
    case 'byteCount?':
      return Number.isSafeInteger(value) && (value as number) > 0 ? undefined : `"${field}" must be a positive integer`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `"${field}" must be true or false`;
    case 'instanceNames?':
      return listProblem(field, value, (v, i) => checkField(`${field}[${i}]`, 'instanceName', v));
    case 'yqExpressions?':
      if (!Array.isArray(value) || value.length > MAX_EXPRESSIONS) return `"${field}" must be a list of at most ${MAX_EXPRESSIONS} yq expressions`;
      return value.every((v) => typeof v === 'string' && v.length <= 64 * 1024) ? undefined : `"${field}" must hold yq expressions as strings`;
    case 'cpuCount?':
      return Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= 1024 ? undefined : `"${field}" must be a whole number of CPUs from 1 to 1024, got ${JSON.stringify(value)}`;
    case 'gib?':
      return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 1024 * 1024 ? undefined : `"${field}" must be a number of GiB above 0, got ${JSON.stringify(value)}`;
    case 'diskName':
      return typeof value === 'string' && value.length <= 76 && IDENTIFIER.test(value) ? undefined : `"${field}" must be a disk name matching ${IDENTIFIER.source}, got ${JSON.stringify(value)}`;
    case 'diskSize':
      return typeof value === 'string' && value.length > 0 && value.length <= 32 ? undefined : `"${field}" must be a size such as "10GiB", got ${JSON.stringify(value)}`;
    case 'diskFormat?':
      return value === 'qcow2' || value === 'raw' ? undefined : `"${field}" must be "qcow2" or "raw", got ${JSON.stringify(value)}`;
    case 'hostPath':
      return pathProblem(field, value, true);
    case 'hostPaths':
      return listProblem(field, value, (v, i) => pathProblem(`${field}[${i}]`, v, true));
    case 'guestPath':
      return pathProblem(field, value, false);
    case 'guestPaths':
      return listProblem(field, value, (v, i) => pathProblem(`${field}[${i}]`, v, false));
    case 'port?':
      return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 65535 ? undefined : `"${field}" must be a port number from 0 to 65535`;
    case 'watcherId':
      return typeof value === 'string' && WATCHER_ID.test(value) ? undefined : `"${field}" must match ${WATCHER_ID.source}`;
    case 'hostName':
    case 'hostName?':
      return typeof value === 'string' && HOST_NAME.test(value) ? undefined : `"${field}" must be a host name matching ${HOST_NAME.source}, got ${JSON.stringify(value)}`;
    case 'sshDestination':
      if (typeof value !== 'string' || value === '' || value.length > 255) return `"${field}" must be an SSH destination (user@host, host or an ssh_config alias), got ${JSON.stringify(value)}`;
      if (value.startsWith('-') || /\s/.test(value) || hasControlCharacter(value)) return `"${field}" must be an SSH destination without spaces and not starting with "-", got ${JSON.stringify(value)}`;
      return undefined;
    case 'sshPort?':
      return Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= 65535 ? undefined : `"${field}" must be a port number from 1 to 65535, got ${JSON.stringify(value)}`;
    case 'sshFile?':
      if (typeof value !== 'string' || value === '' || value.length > MAX_PATH_LENGTH || hasControlCharacter(value)) return `"${field}" must be a file path, got ${JSON.stringify(value)}`;
      return value.startsWith('/') || value.startsWith('~/') || /^[A-Za-z]:[\\/]/.test(value) ? undefined : `"${field}" must be an absolute path (or start with ~/), got ${JSON.stringify(value)}`;
    case 'remoteCommand?':
      if (typeof value !== 'string' || value.trim() === '' || value.length > 1024) return `"${field}" must be a command line such as "limadesk" or "npx limadesk", got ${JSON.stringify(value)}`;
      return hasControlCharacter(value) ? `"${field}" must be one line without control characters` : undefined;
  }
}

/** The parameters, typed, or a failure that names the method and the offending field. */
export function validateParams<M extends ApiMethodName>(method: M, raw: unknown): { ok: true; params: ApiParams<M> } | ApiFailure {
  const fields = FIELDS[method];
  // A method without parameters may be called with nothing at all.
  const value = raw === undefined || raw === null ? {} : raw;
  if (typeof value !== 'object' || Array.isArray(value)) {
    return failure('invalid-request', `${method}: parameters must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(fields, key)) problems.push(`unknown field "${key}"`);
  }
  for (const [field, kind] of Object.entries(fields)) {
    const problem = checkField(field, kind, record[field]);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) return failure('invalid-request', `${method}: ${problems.join('; ')}`);
  return { ok: true, params: record as ApiParams<M> };
}

/** Every problem of a host's settings (from addHost or the hosts file), each naming its field. */
export function hostSettingsProblems(record: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(HOST_SETTINGS_FIELDS, key)) problems.push(`unknown field "${key}"`);
  }
  for (const [field, kind] of Object.entries(HOST_SETTINGS_FIELDS)) {
    const problem = checkField(field, kind, record[field]);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** Checks a method name coming off the wire. */
export function checkMethodName(raw: unknown): { ok: true; method: ApiMethodName } | ApiFailure {
  if (isApiMethodName(raw)) return { ok: true, method: raw };
  return failure('unknown-method', `unknown method ${JSON.stringify(raw)}`);
}
