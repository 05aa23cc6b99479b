/**
 * Actions on instances (start, stop, restart, delete, and the longer tasks: clone, rename,
 * factory reset, protect) and their progress. One action at a time per instance: the buttons
 * are disabled while one runs, and a second request is refused here too so a double click
 * cannot send two.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { ApiErrorCode, ApiEvent, ApiFailure, ApiResult, LimadeskApi, TransferOperation } from '../../src-main/common/api';
import { failureText } from '../api/failure-text';
import type { AppState } from './app-state';
import type { Toast, ToastAction } from './toasts-slice';

export type InstanceAction = 'start' | 'stop' | 'restart' | 'delete';
/** Tasks that run through a dialog first; the instance is busy while they run. */
export type TaskAction = 'clone' | 'rename' | 'factory-reset' | 'protect' | 'unprotect';
export type OpAction = InstanceAction | TaskAction;

export interface Op {
  id: string;
  name: string;
  action: OpAction;
  state: 'running' | 'succeeded' | 'failed';
  startedAt: number;
  finishedAt?: number;
  error?: { code: ApiErrorCode; message: string; hint: string };
}

export interface OpsSlice {
  ops: Record<string, Op>;
  /** The running op of each instance. */
  busy: Record<string, string>;
  /** The image download of each instance while it starts; a finished one is kept until the next. */
  downloads: Record<string, ApiEvent<'downloadProgress'>>;
  /** Clones, copies and disk imports under way, by transferKey(operation, name); a finished one stays until the next. */
  transfers: Record<string, ApiEvent<'transferProgress'>>;
  receiveDownload: (event: ApiEvent<'downloadProgress'>) => void;
  receiveTransfer: (event: ApiEvent<'transferProgress'>) => void;
  runAction: (name: string, action: InstanceAction, options?: { force?: boolean }) => Promise<Op | undefined>;
  /**
   * Runs a task on an instance as an op (the instance is busy meanwhile). A value carrying an
   * `instance` updates the list. `report` says what the finished task's toast says, if anything.
   */
  runTask: <T>(name: string, action: TaskAction, call: () => Promise<ApiResult<T>>, report?: TaskReport<T>) => Promise<ApiResult<T>>;
  dismissOp: (id: string) => void;
}

export interface TaskReport<T> {
  done?: (value: T) => Omit<Toast, 'id'> | undefined;
  /** A failure toast unless this says no (a dialog still open shows the failure itself). */
  failed?: (failure: ApiFailure) => Omit<Toast, 'id'> | undefined;
}

export function transferKey(operation: TransferOperation, name: string): string {
  return `${operation}:${name}`;
}

type ActionApi = Pick<LimadeskApi, 'startInstance' | 'stopInstance' | 'restartInstance' | 'deleteInstance'>;

const HINTS: Partial<Record<ApiErrorCode, string>> = {
  'wrong-state': 'The instance changed state meanwhile; check its status and try again.',
  'not-found': 'The instance is gone from LIMA_HOME; the list will refresh.',
  'invalid-config': 'Fix lima.yaml in the config editor, then try again.',
  unsupported: 'This host cannot do that; see the doctor page.',
  cancelled: 'The action was cancelled; nothing else changed.',
};

function hintFor(failure: Pick<ApiFailure, 'code'>): string {
  return HINTS[failure.code] ?? 'See the host agent log of the instance for details.';
}

const DONE: Record<InstanceAction, (name: string) => string> = {
  start: (name) => `${name} is running`,
  stop: (name) => `${name} stopped`,
  restart: (name) => `${name} restarted`,
  delete: (name) => `${name} deleted`,
};

const FAILED: Record<InstanceAction, string> = { start: 'Could not start', stop: 'Could not stop', restart: 'Could not restart', delete: 'Could not delete' };

function tabHref(name: string, tab: string): string {
  return `#/instances/${encodeURIComponent(name)}/${tab}`;
}

/** Where the user goes next after a failure: the config for a config problem, else what explains it. */
function nextStep(op: Op, code: ApiErrorCode): ToastAction | undefined {
  if (code === 'not-found') return undefined;
  if (code === 'invalid-config') return { label: 'Open Config', href: tabHref(op.name, 'config') };
  if (code === 'unsupported') return { label: 'Open Doctor', href: '#/doctor' };
  if (op.action === 'start' || op.action === 'restart') return { label: 'Show why', href: tabHref(op.name, 'overview') };
  return { label: 'Open logs', href: tabHref(op.name, 'logs') };
}

function seconds(op: Op): string {
  const s = Math.max(0, Math.round(((op.finishedAt ?? op.startedAt) - op.startedAt) / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** A toast says what happened in a line or two; the place its action leads to has the rest. */
function brief(message: string, max = 180): string {
  const text = message.replace(/\.$/, '');
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** A finished action as a toast: done (with how long it took), or failed with what to do next. */
export function toastFor(op: Op & { action: InstanceAction }): Omit<Toast, 'id'> {
  if (op.state !== 'failed' || !op.error) return { tone: 'success', title: DONE[op.action](op.name), body: `Took ${seconds(op)}.` };
  const action = nextStep(op, op.error.code);
  return { tone: 'error', title: `${FAILED[op.action]} ${op.name}`, body: `${brief(op.error.message)}. ${op.error.hint}`, ...(action ? { action } : {}) };
}

const TASK_FAILED: Record<TaskAction, string> = {
  clone: 'Could not clone',
  rename: 'Could not rename',
  'factory-reset': 'Could not factory-reset',
  protect: 'Could not protect',
  unprotect: 'Could not unprotect',
};

/** A failed task's toast: what went wrong and the hint for its kind of failure. */
export function taskFailureToast(name: string, action: TaskAction, failure: Pick<ApiFailure, 'code' | 'message'>): Omit<Toast, 'id'> {
  return { tone: 'error', title: `${TASK_FAILED[action]} ${name}`, body: `${brief(failureText(failure))}. ${hintFor(failure)}` };
}

export function createOpsSlice(api: ActionApi, now: () => number = Date.now): StateCreator<AppState, [], [], OpsSlice> {
  let counter = 0;
  return (set, get) => ({
    ops: {},
    busy: {},
    downloads: {},
    transfers: {},

    receiveDownload(event) {
      set((s) => ({ downloads: { ...s.downloads, [event.name]: event } }));
    },

    receiveTransfer(event) {
      set((s) => ({ transfers: { ...s.transfers, [transferKey(event.operation, event.name)]: event } }));
    },

    async runAction(name, action, options = {}) {
      if (get().busy[name]) return undefined;
      const id = `${name}:${action}:${++counter}`;
      const op: Op = { id, name, action, state: 'running', startedAt: now() };
      set((s) => ({ ops: { ...s.ops, [id]: op }, busy: { ...s.busy, [name]: id } }));

      const result =
        action === 'start'
          ? await api.startInstance({ name })
          : action === 'stop'
            ? await api.stopInstance({ name, ...(options.force ? { force: true } : {}) })
            : action === 'restart'
              ? await api.restartInstance({ name })
              : await api.deleteInstance({ name, confirmed: true, ...(options.force ? { force: true } : {}) });

      let finished: Op;
      if (result.ok) {
        finished = { ...op, state: 'succeeded', finishedAt: now() };
        const value = result.value;
        if ('instance' in value) get().receiveSummary(value.instance);
        else get().receiveDeletion(name);
      } else {
        finished = { ...op, state: 'failed', finishedAt: now(), error: { code: result.code, message: failureText(result), hint: hintFor(result) } };
      }
      set((s) => {
        const busy = { ...s.busy };
        delete busy[name];
        return { ops: { ...s.ops, [id]: finished }, busy };
      });
      get().pushToast(toastFor({ ...finished, action }));
      return finished;
    },

    async runTask(name, action, call, report = {}) {
      if (get().busy[name]) return { ok: false, code: 'conflict', message: `${name} is busy: wait for the current action to finish` };
      const id = `${name}:${action}:${++counter}`;
      const op: Op = { id, name, action, state: 'running', startedAt: now() };
      set((s) => ({ ops: { ...s.ops, [id]: op }, busy: { ...s.busy, [name]: id } }));
      const result = await call();
      const finished: Op = result.ok
        ? { ...op, state: 'succeeded', finishedAt: now() }
        : { ...op, state: 'failed', finishedAt: now(), error: { code: result.code, message: failureText(result), hint: hintFor(result) } };
      set((s) => {
        const busy = { ...s.busy };
        if (busy[name] === id) delete busy[name];
        return { ops: { ...s.ops, [id]: finished }, busy };
      });
      if (result.ok) {
        const value = result.value as { instance?: unknown };
        if (value && typeof value === 'object' && 'instance' in value && value.instance) get().receiveSummary(value.instance as never);
        const toast = report.done?.(result.value);
        if (toast) get().pushToast(toast);
      } else {
        const toast = report.failed ? report.failed(result) : taskFailureToast(name, action, result);
        if (toast) get().pushToast(toast);
      }
      return result.ok ? result : { ...result, message: failureText(result) };
    },

    dismissOp(id) {
      set((s) => {
        const ops = { ...s.ops };
        delete ops[id];
        return { ops };
      });
    },
  });
}
