/**
 * The colour theme: the user's choice (System, Light or Dark) is remembered in local storage
 * and set on <html data-theme>. tokens.css gives Light and Dark their color-scheme; under
 * System the root keeps `color-scheme: light dark`, so the page follows prefers-color-scheme in
 * CSS alone, the moment it changes. Parts that draw with colours of their own (the terminal)
 * follow through `followTheme`.
 */
import type { WindowTheme } from '../../src-main/common/window-chrome';

/** The choice the window's own controls follow too (common/window-chrome.ts says which names exist). */
export type ThemeChoice = WindowTheme;
export type Theme = 'light' | 'dark';

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const STORAGE_KEY = 'limadesk.ui.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

export const isThemeChoice = (v: unknown): v is ThemeChoice => typeof v === 'string' && (THEME_CHOICES as readonly string[]).includes(v);

export function readThemeChoice(): ThemeChoice {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const value: unknown = raw === null ? null : JSON.parse(raw);
    return isThemeChoice(value) ? value : 'system';
  } catch {
    // Disabled storage or a damaged entry: follow the system.
    return 'system';
  }
}

function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

declare global {
  interface Window {
    /** Set by the preload inside the Electron app: the window's own controls follow the theme. Absent in a browser. */
    limadeskWindow?: { setTheme(theme: ThemeChoice): void };
  }
}

/** Sets data-theme for `choice`, and tells the desktop app's window (its controls and menus). */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = choice;
  try {
    window.limadeskWindow?.setTheme(choice);
  } catch (err) {
    // The page's theme is set either way; only the window frame keeps the system's.
    console.warn('could not pass the theme to the window', err);
  }
}

/** Remembers `choice` and applies it at once. */
export function chooseTheme(choice: ThemeChoice): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
  } catch (err) {
    // Only the remembering is lost; the theme still changes for this window.
    console.warn('could not remember the theme', err);
  }
  applyTheme(choice);
}

/** The theme in effect now: the one chosen, else the system's. */
export function currentTheme(root: HTMLElement = document.documentElement): Theme {
  const set = root.dataset.theme;
  return set === 'dark' || set === 'light' ? set : systemTheme();
}

/** Calls `apply` with the theme in effect now and whenever it changes; returns the unsubscribe. */
export function followTheme(apply: (theme: Theme) => void, root: HTMLElement = document.documentElement): () => void {
  let last = currentTheme(root);
  apply(last);
  const update = (): void => {
    const next = currentTheme(root);
    if (next === last) return;
    last = next;
    apply(next);
  };
  const observer = typeof MutationObserver === 'function' ? new MutationObserver(update) : undefined;
  observer?.observe(root, { attributes: true, attributeFilter: ['data-theme'] });
  // Under System (or before any choice is applied), the system's scheme is what counts.
  const media = typeof matchMedia === 'function' ? matchMedia(DARK_QUERY) : undefined;
  media?.addEventListener('change', update);
  return () => {
    observer?.disconnect();
    media?.removeEventListener('change', update);
  };
}
