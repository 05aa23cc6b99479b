/**
 * A modal dialog that is a form (Radix Dialog): focus starts in its first field, Enter submits,
 * Escape and a click outside dismiss it (unless `dismissible` is false while work runs), and
 * focus returns to where it came from.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useRef } from 'react';
import type { FormEvent, ReactNode } from 'react';

export interface FormDialogProps {
  title: string;
  children: ReactNode;
  /** The buttons; the submit button is `type="submit"`. */
  actions: ReactNode;
  onSubmit: () => void;
  onDismiss: () => void;
  /** False while something runs that Escape must not hide by accident. */
  dismissible?: boolean;
  /** Wider, for a table. */
  wide?: boolean;
}

export function FormDialog({ title, children, actions, onSubmit, onDismiss, dismissible = true, wide = false }: FormDialogProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && dismissible && onDismiss()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-backdrop" />
        <Dialog.Content
          className={wide ? 'dialog is-wide' : 'dialog'}
          aria-describedby={undefined}
          onOpenAutoFocus={(e) => {
            const first = formRef.current?.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled]), textarea:not([disabled])');
            if (first) {
              e.preventDefault();
              first.focus();
            }
          }}
        >
          <Dialog.Title className="dialog-title">{title}</Dialog.Title>
          <form ref={formRef} onSubmit={submit} noValidate>
            <div className="dialog-body">{children}</div>
            <div className="dialog-actions">{actions}</div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
