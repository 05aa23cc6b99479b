/** Holds the question "Delete NAME?" for everything below it that offers Delete. */
import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import { useAppStore } from '../store/hooks';
import { DeleteDialog } from './DeleteDialog';
import { RequestDeleteContext } from './useInstanceActions';

export function DeleteConfirmProvider({ children }: { children: ReactNode }) {
  const [deleting, setDeleting] = useState<string>();
  const runAction = useAppStore((s) => s.runAction);
  const cancel = useCallback(() => setDeleting(undefined), []);
  return (
    <RequestDeleteContext.Provider value={setDeleting}>
      {children}
      {deleting && (
        <DeleteDialog
          name={deleting}
          onCancel={cancel}
          onConfirm={(force) => {
            setDeleting(undefined);
            void runAction(deleting, 'delete', force ? { force: true } : {});
          }}
        />
      )}
    </RequestDeleteContext.Provider>
  );
}
