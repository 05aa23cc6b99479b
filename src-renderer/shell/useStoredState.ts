/**
 * A small piece of UI state remembered across reloads and restarts (the sidebar's width mode,
 * the divider's position, the list's sort). Values are checked on the way in: a damaged or
 * outdated entry falls back to the default instead of breaking the layout.
 */
import { useCallback, useState } from 'react';

const PREFIX = 'limadesk.ui.';

function read<T>(key: string, fallback: T, valid: (value: unknown) => value is T): T {
  try {
    const raw = window.localStorage.getItem(PREFIX + key);
    if (raw === null) return fallback;
    const value: unknown = JSON.parse(raw);
    return valid(value) ? value : fallback;
  } catch {
    // Storage may be disabled (a private window) or hold something unparsable: use the default.
    return fallback;
  }
}

function write(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch (err) {
    // A full or disabled storage only costs the remembering; the UI keeps working.
    console.warn(`could not remember ${key}`, err);
  }
}

export function useStoredState<T>(key: string, fallback: T, valid: (value: unknown) => value is T): [T, (next: T) => void] {
  const [value, setValue] = useState(() => read(key, fallback, valid));
  const set = useCallback(
    (next: T) => {
      setValue(next);
      write(key, next);
    },
    [key],
  );
  return [value, set];
}

export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

/** Raw access for libraries that keep their own state (the divider's layout). */
export const uiStorage = {
  getItem: (key: string): string | null => {
    try {
      return window.localStorage.getItem(PREFIX + key);
    } catch {
      return null;
    }
  },
  setItem: (key: string, value: string): void => {
    try {
      window.localStorage.setItem(PREFIX + key, value);
    } catch (err) {
      console.warn(`could not remember ${key}`, err);
    }
  },
};
