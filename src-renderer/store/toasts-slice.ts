/**
 * Notifications inside the app: a long action finished, or something failed and what to do
 * next. A toast may carry one action, as an in-app address (e.g. the instance's Overview tab),
 * so it stays plain data. Failures stay until dismissed; the rest go by themselves.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state';

export interface ToastAction {
  label: string;
  /** An in-app address: `#/instances/NAME/TAB`, `#/create`… */
  href: string;
}

export interface Toast {
  id: string;
  tone: 'success' | 'error' | 'info';
  title: string;
  body?: string;
  action?: ToastAction;
}

export interface ToastsSlice {
  toasts: Toast[];
  pushToast: (toast: Omit<Toast, 'id'>) => string;
  dismissToast: (id: string) => void;
}

/** More than this many at once are old news: the oldest go first. */
const MAX_TOASTS = 5;

export function createToastsSlice(): StateCreator<AppState, [], [], ToastsSlice> {
  let counter = 0;
  return (set) => ({
    toasts: [],
    pushToast(toast) {
      const id = `toast-${++counter}`;
      set((s) => ({ toasts: [...s.toasts, { ...toast, id }].slice(-MAX_TOASTS) }));
      return id;
    },
    dismissToast(id) {
      set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
    },
  });
}
