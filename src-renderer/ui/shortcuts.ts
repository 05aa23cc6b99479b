/**
 * Keyboard shortcuts, written once: what a key press must be to trigger an action, and how the
 * shortcut reads in menus and tooltips on this platform (⌘⇧F5 on a Mac, Ctrl+Shift+F5 elsewhere).
 */
export interface Shortcut {
  /** KeyboardEvent.key, compared case-insensitively for letters. */
  key: string;
  /** Cmd on macOS, Ctrl elsewhere. */
  mod?: boolean;
  shift?: boolean;
  /** Another key that does the same on macOS, where a key is missing (⌘⌫ for Delete). */
  macAlternative?: Omit<Shortcut, 'macAlternative'>;
}

let macPlatform: boolean | undefined;

/** Asked once: reading the platform is slow in Chromium, and every shortcut label asks. */
export function isMacPlatform(): boolean {
  if (macPlatform === undefined) {
    const platform = window.limadeskShell?.platform ?? (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform;
    macPlatform = /^(darwin|mac)/i.test(platform);
  }
  return macPlatform;
}

const KEY_NAMES: Record<string, [mac: string, other: string]> = {
  Delete: ['⌦', 'Del'],
  Backspace: ['⌫', 'Backspace'],
  Enter: ['↩', 'Enter'],
  ArrowUp: ['↑', '↑'],
  ArrowDown: ['↓', '↓'],
};

export function shortcutLabel(shortcut: Shortcut, mac = isMacPlatform()): string {
  const s = mac && shortcut.macAlternative ? shortcut.macAlternative : shortcut;
  const named = KEY_NAMES[s.key];
  const key = named ? named[mac ? 0 : 1] : s.key.length === 1 ? s.key.toUpperCase() : s.key;
  if (mac) return `${s.mod ? '⌘' : ''}${s.shift ? '⇧' : ''}${key}`;
  return [s.mod ? 'Ctrl' : '', s.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

function matchesOne(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, s: Omit<Shortcut, 'macAlternative'>, mac: boolean): boolean {
  const mod = mac ? e.metaKey : e.ctrlKey;
  const otherMod = mac ? e.ctrlKey : e.metaKey;
  return e.key.toLowerCase() === s.key.toLowerCase() && mod === Boolean(s.mod) && !otherMod && e.shiftKey === Boolean(s.shift) && !e.altKey;
}

export function matchesShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, shortcut: Shortcut, mac = isMacPlatform()): boolean {
  if (matchesOne(e, shortcut, mac)) return true;
  return mac && shortcut.macAlternative !== undefined && matchesOne(e, shortcut.macAlternative, mac);
}

/** The app's shortcuts. Row actions act on the focused row of the instance list. */
export const SHORTCUTS = {
  start: { key: 'F5' },
  stop: { key: 'F5', shift: true },
  restart: { key: 'F5', mod: true, shift: true },
  console: { key: 'c' },
  delete: { key: 'Delete', macAlternative: { key: 'Backspace', mod: true } },
  clone: { key: 'd', mod: true },
  rename: { key: 'F2' },
  save: { key: 's', mod: true },
  search: { key: 'f', mod: true },
} satisfies Record<string, Shortcut>;
