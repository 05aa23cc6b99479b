/**
 * Actions on instances (start, stop, restart, delete) and their progress. One action at a time
 * per instance: the buttons are disabled while one runs, and a second request is refused here
 * too so a double click cannot send two.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { ApiErrorCode, ApiEvent, ApiFailure, LimadeskApi } from '../../src-main/common/api';
import type { AppState } from './app-state';
import type { Toast, ToastAction } from './toasts-slice';

export type InstanceAction = 'start' | 'stop' | 'restart' | 'delete';

export interface Op {
  id: string;
  name: string;
  action: InstanceAction;
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
  receiveDownload: (event: ApiEvent<'downloadProgress'>) => void;
  runAction: (name: string, action: InstanceAction, options?: { force?: boolean }) => Promise<Op | undefined>;
  dismissOp: (id: string) => void;
}

type ActionApi = Pick<LimadeskApi, 'startInstance' | 'stopInstance' | 'restartInstance' | 'deleteInstance'>;

const HINTS: Partial<Record<ApiErrorCode, string>> = {
  'wrong-state': 'The instance changed state meanwhile; check its status and try again.',
  'not-found': 'The instance is gone from LIMA_HOME; the list will refresh.',
  'invalid-config': 'Fix lima.yaml in the config editor, then try again.',
  unsupported: 'This host cannot do that; see the doctor page.',
  cancelled: 'The action was cancelled; nothing else changed.',
};

function hintFor(failure: ApiFailure): string {
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
export function toastFor(op: Op): Omit<Toast, 'id'> {
  if (op.state !== 'failed' || !op.error) return { tone: 'success', title: DONE[op.action](op.name), body: `Took ${seconds(op)}.` };
  const action = nextStep(op, op.error.code);
  return { tone: 'error', title: `${FAILED[op.action]} ${op.name}`, body: `${brief(op.error.message)}. ${op.error.hint}`, ...(action ? { action } : {}) };
}

export function createOpsSlice(api: ActionApi, now: () => number = Date.now): StateCreator<AppState, [], [], OpsSlice> {
  let counter = 0;
  return (set, get) => ({
    ops: {},
    busy: {},
    downloads: {},

    receiveDownload(event) {
      set((s) => ({ downloads: { ...s.downloads, [event.name]: event } }));
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
        finished = { ...op, state: 'failed', finishedAt: now(), error: { code: result.code, message: result.message, hint: hintFor(result) } };
      }
      set((s) => {
        const busy = { ...s.busy };
        delete busy[name];
        return { ops: { ...s.ops, [id]: finished }, busy };
      });
      get().pushToast(toastFor(finished));
      return finished;
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
