/**
 * A modal dialog with free-form actions (Radix Dialog): focus goes to the first action, stays
 * inside with Tab, Escape and a click outside dismiss it, and focus returns afterwards.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useRef } from 'react';
import type { ReactNode } from 'react';

export interface ModalProps {
  title: string;
  children: ReactNode;
  /** The buttons, first one focused when the dialog opens. */
  actions: ReactNode;
  /** Escape and a click outside the dialog call this. */
  onDismiss: () => void;
}

export function Modal({ title, children, actions, onDismiss }: ModalProps) {
  const actionsRef = useRef<HTMLDivElement>(null);
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onDismiss()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-backdrop" />
        <Dialog.Content
          className="dialog"
          aria-describedby={undefined}
          onOpenAutoFocus={(e) => {
            const first = actionsRef.current?.querySelector<HTMLElement>('button:not([disabled])');
            if (first) {
              e.preventDefault();
              first.focus();
            }
          }}
        >
          <Dialog.Title className="dialog-title">{title}</Dialog.Title>
          <div className="dialog-body">{children}</div>
          <div ref={actionsRef} className="dialog-actions">
            {actions}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
