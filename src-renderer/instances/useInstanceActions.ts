/** The instance actions wired up: run through the store, Console by navigation, Delete after asking. */
import { createContext, useCallback, useContext, useMemo } from 'react';
import type { InstanceSummary } from '../../src-main/common/api';
import { useNavigate } from '../shell/navigation';
import { useAppStore, useBusyOp } from '../store/hooks';
import { stopNeedsForce } from './actions';
import { describeActions } from './instance-actions';
import type { InstanceActionId, InstanceActionInfo } from './instance-actions';

/** Asks before deleting (DeleteConfirmProvider); without one, nothing is deleted. */
export const RequestDeleteContext = createContext<(name: string) => void>(() => undefined);

export interface InstanceActions {
  actions: InstanceActionInfo[];
  byId: (id: InstanceActionId) => InstanceActionInfo;
  run: (id: InstanceActionId) => void;
}

export function useInstanceActions(instance: InstanceSummary): InstanceActions {
  const busy = useBusyOp(instance.name);
  const runAction = useAppStore((s) => s.runAction);
  const navigate = useNavigate();
  const requestDelete = useContext(RequestDeleteContext);
  const actions = useMemo(() => describeActions(instance, busy), [instance, busy]);
  const byId = useCallback((id: InstanceActionId) => actions.find((a) => a.id === id) ?? (actions[0] as InstanceActionInfo), [actions]);
  const { name, status } = instance;
  const run = useCallback(
    (id: InstanceActionId) => {
      const action = actions.find((a) => a.id === id);
      if (!action?.enabled) return;
      if (id === 'console') navigate({ page: 'instances', instance: name, tab: 'console' });
      else if (id === 'delete') requestDelete(name);
      else void runAction(name, id, id === 'stop' && stopNeedsForce(status) ? { force: true } : {});
    },
    [actions, navigate, requestDelete, runAction, name, status],
  );
  return { actions, byId, run };
}
