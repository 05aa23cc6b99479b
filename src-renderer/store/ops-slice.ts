/**
 * Actions on instances (start, stop, restart, delete) and their progress. One action at a time
 * per instance: the buttons are disabled while one runs, and a second request is refused here
 * too so a double click cannot send two.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { ApiErrorCode, ApiEvent, ApiFailure, LimadeskApi } from '../../src-main/common/api';
import type { AppState } from './app-state';

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
