import { useEffect, useId, useRef, type ReactNode } from 'react';
import './modal.css';

export interface ModalProps {
  title: string;
  children: ReactNode;
  /** The buttons, first one focused when the dialog opens. */
  actions: ReactNode;
  /** Escape and a click outside the dialog call this. */
  onDismiss: () => void;
}

/** A modal dialog: focus moves into it, stays in it with Tab, and Escape dismisses it. */
export function Modal({ title, children, actions, onDismiss }: ModalProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const dismiss = useRef(onDismiss);
  dismiss.current = onDismiss;

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('.limadesk-modal-actions button')?.focus();
    return () => previous?.focus?.();
  }, []);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      dismiss.current();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const focusable = [...ref.current.querySelectorAll<HTMLElement>('button:not([disabled]), input:not([disabled]), [tabindex="0"]')];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="limadesk-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && dismiss.current()}>
      <div className="limadesk-modal" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref} onKeyDown={onKeyDown}>
        <h2 id={titleId}>{title}</h2>
        <div className="limadesk-modal-body">{children}</div>
        <div className="limadesk-modal-actions">{actions}</div>
      </div>
    </div>
  );
}
