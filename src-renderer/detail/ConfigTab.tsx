import { useMemo } from 'react';
import { useApi } from '../api/ApiContext';
import { InstanceConfigEditor } from '../editor/InstanceConfigEditor';
import { draftStorageOf } from '../store/drafts-slice';
import { useAppStoreApi } from '../store/hooks';
import type { InstanceTabProps } from './tabs';

export function ConfigTab({ instance, line }: InstanceTabProps) {
  const api = useApi();
  const store = useAppStoreApi();
  // Drafts go through the store so the instance list can show which instances have one.
  const drafts = useMemo(() => draftStorageOf(store), [store]);
  return <InstanceConfigEditor api={api} name={instance.name} running={instance.status === 'Running'} drafts={drafts} {...(line !== undefined ? { revealLine: line } : {})} />;
}
