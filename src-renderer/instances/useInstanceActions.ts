/**
 * The instance actions wired up: lifecycle through the store, Console by navigation, Protect
 * at once, and everything that asks first (Delete, Clone, Rename, Factory reset, the tunnel)
 * through the dialogs above (InstanceDialogsProvider).
 */
import { createContext, useCallback, useContext, useMemo } from 'react';
import type { InstanceSummary } from '../../src-main/common/api';
import { useApi } from '../api/ApiContext';
import { useNavigate } from '../shell/navigation';
import { useAppStoreApi, useBusyOp } from '../store/hooks';
import { stopNeedsForce } from './actions';
import { describeActions } from './instance-actions';
import type { InstanceActionId, InstanceActionInfo } from './instance-actions';

export type InstanceDialogKind = 'delete' | 'clone' | 'rename' | 'factory-reset' | 'tunnel';

export interface DialogRequest {
  kind: InstanceDialogKind;
  name: string;
}

/** Opens one of the instance dialogs (InstanceDialogsProvider); without one, nothing that asks happens. */
export const RequestDialogContext = createContext<(request: DialogRequest) => void>(() => undefined);

export interface InstanceActions {
  actions: InstanceActionInfo[];
  byId: (id: InstanceActionId) => InstanceActionInfo;
  run: (id: InstanceActionId) => void;
}

const DIALOGS: Partial<Record<InstanceActionId, InstanceDialogKind>> = { delete: 'delete', clone: 'clone', rename: 'rename', 'factory-reset': 'factory-reset', tunnel: 'tunnel' };

export function useInstanceActions(instance: InstanceSummary): InstanceActions {
  const api = useApi();
  const busy = useBusyOp(instance.name);
  // Read when an action runs, not subscribed to: a list row mounts this on every scroll step.
  const store = useAppStoreApi();
  const navigate = useNavigate();
  const requestDialog = useContext(RequestDialogContext);
  const actions = useMemo(() => describeActions(instance, busy), [instance, busy]);
  const byId = useCallback((id: InstanceActionId) => actions.find((a) => a.id === id) ?? (actions[0] as InstanceActionInfo), [actions]);
  const { name, status } = instance;
  const run = useCallback(
    (id: InstanceActionId) => {
      const action = actions.find((a) => a.id === id);
      if (!action?.enabled) return;
      const dialog = DIALOGS[id];
      if (dialog) requestDialog({ kind: dialog, name });
      else if (id === 'console') navigate({ page: 'instances', instance: name, tab: 'console' });
      else if (id === 'protect' || id === 'unprotect') {
        const wanted = id === 'protect';
        void store.getState().runTask(name, id, () => api.setProtected({ name, protected: wanted }), {
          done: () => ({
            tone: 'success',
            title: wanted ? `${name} is protected` : `${name} is no longer protected`,
            body: wanted ? 'It cannot be deleted or factory-reset until it is unprotected.' : 'It can be deleted and factory-reset again.',
          }),
        });
      } else if (id === 'start' || id === 'stop' || id === 'restart') {
        void store.getState().runAction(name, id, id === 'stop' && stopNeedsForce(status) ? { force: true } : {});
      }
    },
    [actions, api, navigate, requestDialog, store, name, status],
  );
  return { actions, byId, run };
}
