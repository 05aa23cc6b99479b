/**
 * The questions an instance action asks before it acts (Delete, Clone, Rename, Factory reset,
 * the SOCKS tunnel), held once for everything below that offers them: a row, the list's menus,
 * the detail header. The dialogs other than Delete load on first use.
 */
import { lazy, Suspense, useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import { useApi } from '../api/ApiContext';
import { useAppStore, useInstance } from '../store/hooks';
import { DeleteDialog } from './DeleteDialog';
import { RequestDialogContext } from './useInstanceActions';
import type { DialogRequest } from './useInstanceActions';

const CloneDialog = lazy(() => import('../verbs/CloneDialog').then((m) => ({ default: m.CloneDialog })));
const RenameDialog = lazy(() => import('../verbs/RenameDialog').then((m) => ({ default: m.RenameDialog })));
const FactoryResetDialog = lazy(() => import('../verbs/FactoryResetDialog').then((m) => ({ default: m.FactoryResetDialog })));
const TunnelDialog = lazy(() => import('../verbs/TunnelDialog').then((m) => ({ default: m.TunnelDialog })));
const ProtectedRefusal = lazy(() => import('../verbs/ProtectedRefusal').then((m) => ({ default: m.ProtectedRefusal })));

function Delete({ name, onClose }: { name: string; onClose: () => void }) {
  const api = useApi();
  const instance = useInstance(name);
  const runAction = useAppStore((s) => s.runAction);
  const runTask = useAppStore((s) => s.runTask);
  if (instance?.protected) {
    return (
      <ProtectedRefusal
        name={name}
        onClose={onClose}
        onUnprotect={() => {
          onClose();
          void runTask(name, 'unprotect', () => api.setProtected({ name, protected: false }), {
            done: () => ({ tone: 'success', title: `${name} is no longer protected`, body: 'It can be deleted and factory-reset again.' }),
          });
        }}
      />
    );
  }
  return (
    <DeleteDialog
      name={name}
      onCancel={onClose}
      onConfirm={(force) => {
        onClose();
        void runAction(name, 'delete', force ? { force: true } : {});
      }}
    />
  );
}

export function InstanceDialogsProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<DialogRequest>();
  const close = useCallback(() => setOpen(undefined), []);
  const request = useCallback((r: DialogRequest) => setOpen(r), []);
  const DIALOGS = { delete: Delete, clone: CloneDialog, rename: RenameDialog, 'factory-reset': FactoryResetDialog, tunnel: TunnelDialog } as const;
  const Dialog = open ? DIALOGS[open.kind] : undefined;
  const dialog = open && Dialog ? <Dialog key={`${open.kind}:${open.name}`} name={open.name} onClose={close} /> : null;
  return (
    <RequestDialogContext.Provider value={request}>
      {children}
      <Suspense fallback={null}>{dialog}</Suspense>
    </RequestDialogContext.Provider>
  );
}
