/**
 * The store's toasts on screen (Radix Toast): bottom right, swipe or Escape (F8 reaches them)
 * to dismiss. A failure stays until dismissed; other toasts leave after a few seconds.
 */
import * as RadixToast from '@radix-ui/react-toast';
import { CircleAlert, CircleCheck, Info, X } from 'lucide-react';
import { useAppStore } from '../store/hooks';
import type { Toast } from '../store/toasts-slice';

const ICONS = { success: CircleCheck, error: CircleAlert, info: Info } as const;
const DURATION_MS = 6000;

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useAppStore((s) => s.dismissToast);
  const Icon = ICONS[toast.tone];
  return (
    <RadixToast.Root
      className={`toast is-${toast.tone}`}
      // A failure interrupts (assertive) and waits for the user; good news is polite and leaves.
      type={toast.tone === 'error' ? 'foreground' : 'background'}
      duration={toast.tone === 'error' ? Number.POSITIVE_INFINITY : DURATION_MS}
      onOpenChange={(open) => !open && dismiss(toast.id)}
      data-toast={toast.tone}
    >
      <Icon className="toast-icon" aria-hidden="true" />
      <div className="toast-text">
        <RadixToast.Title className="toast-title">{toast.title}</RadixToast.Title>
        {toast.body && <RadixToast.Description className="toast-body">{toast.body}</RadixToast.Description>}
        {toast.action && (
          <RadixToast.Action altText={`${toast.action.label}: go to ${toast.action.href}`} asChild>
            <a className="toast-action" href={toast.action.href}>
              {toast.action.label}
            </a>
          </RadixToast.Action>
        )}
      </div>
      <RadixToast.Close className="icon-button small" aria-label={`Dismiss: ${toast.title}`}>
        <X aria-hidden="true" />
      </RadixToast.Close>
    </RadixToast.Root>
  );
}

export function Toasts() {
  const toasts = useAppStore((s) => s.toasts);
  return (
    <RadixToast.Provider swipeDirection="right" label="Notifications">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
      <RadixToast.Viewport className="toast-viewport" />
    </RadixToast.Provider>
  );
}
