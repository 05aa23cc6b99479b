import { instanceNameProblem, limaInstanceNameMessage } from './instance-name';
import { failure, isApiMethodName, LOG_NAMES, type ApiFailure, type ApiMethodName, type ApiParams } from './api';

/**
 * Runtime checks of request parameters, run where a request enters the main side (IPC
 * handler, HTTP or WebSocket server): the renderer is not trusted to send what its types say.
 * Each method declares its fields; unknown fields are refused so typos do not pass silently.
 */

type FieldKind = 'instanceName' | 'instanceName?' | 'templateName' | 'snapshotTag' | 'text' | 'logName' | 'boolean?' | 'byteCount?' | 'mtime?' | 'terminalSize?';

const FIELDS: { [M in ApiMethodName]: Record<string, FieldKind> } = {
  listInstances: {},
  getInstance: { name: 'instanceName' },
  getConfigText: { name: 'instanceName' },
  putConfigText: { name: 'instanceName', text: 'text', expectedMtime: 'mtime?' },
  validateConfig: { text: 'text', name: 'instanceName?' },
  createInstance: { name: 'instanceName', text: 'text' },
  startInstance: { name: 'instanceName' },
  stopInstance: { name: 'instanceName', force: 'boolean?' },
  restartInstance: { name: 'instanceName' },
  deleteInstance: { name: 'instanceName', force: 'boolean?', confirmed: 'boolean?' },
  listSnapshots: { name: 'instanceName' },
  createSnapshot: { name: 'instanceName', tag: 'snapshotTag' },
  applySnapshot: { name: 'instanceName', tag: 'snapshotTag' },
  deleteSnapshot: { name: 'instanceName', tag: 'snapshotTag' },
  openVncSession: { name: 'instanceName' },
  openTerminalSession: { name: 'instanceName', cols: 'terminalSize?', rows: 'terminalSize?' },
  readLog: { name: 'instanceName', log: 'logName', maxBytes: 'byteCount?' },
  doctor: {},
  signQemu: {},
  listTemplates: {},
  getTemplateText: { name: 'templateName' },
  listPortForwards: { name: 'instanceName' },
};

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

/** Checks a method name coming off the wire. */
export function checkMethodName(raw: unknown): { ok: true; method: ApiMethodName } | ApiFailure {
  if (isApiMethodName(raw)) return { ok: true, method: raw };
  return failure('unknown-method', `unknown method ${JSON.stringify(raw)}`);
}
