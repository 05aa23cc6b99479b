/**
 * The colour theme: the user's choice (System, Light or Dark) is remembered in local storage
 * and resolved to light or dark on <html data-theme>, which tokens.css keys its colours on.
 * "System" follows prefers-color-scheme as it changes. Parts that draw with colours of their
 * own (the terminal) watch the attribute through `followTheme`.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
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

export function resolveTheme(choice: ThemeChoice): Theme {
  return choice === 'system' ? systemTheme() : choice;
}

let stopFollowingSystem: (() => void) | undefined;

/** Sets data-theme for `choice` and, for "system", keeps it in step with the OS. */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  stopFollowingSystem?.();
  stopFollowingSystem = undefined;
  root.dataset.theme = resolveTheme(choice);
  root.dataset.themeChoice = choice;
  if (choice !== 'system' || typeof matchMedia !== 'function') return;
  const media = matchMedia(DARK_QUERY);
  const update = (): void => {
    root.dataset.theme = media.matches ? 'dark' : 'light';
  };
  media.addEventListener('change', update);
  stopFollowingSystem = () => media.removeEventListener('change', update);
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

/** The theme in effect now: data-theme once applied, the system's scheme before. */
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
  // Before any data-theme is set (a component test), the system's scheme is what counts.
  const media = typeof matchMedia === 'function' ? matchMedia(DARK_QUERY) : undefined;
  media?.addEventListener('change', update);
  return () => {
    observer?.disconnect();
    media?.removeEventListener('change', update);
  };
}
