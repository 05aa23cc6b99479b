import { useSyncExternalStore } from 'react';

/** Whether a CSS media query matches now, following changes (a window resized across it). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia?.(query);
      if (!list) return () => undefined;
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia?.(query).matches ?? false,
  );
}

/** Below this width the details of an instance take the whole page, with a way back to the list. */
export const NARROW_LAYOUT = '(max-width: 1099px)';
