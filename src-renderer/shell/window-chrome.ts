/**
 * How the page sits in its window. Inside Electron the preload may describe the window chrome
 * (`window.limadeskShell`): on macOS with `titleBarStyle: 'hiddenInset'` the traffic lights sit
 * over the page's top-left corner, and on Windows/Linux overlay controls sit top-right. The page
 * reads that once and sets classes on <html>, so the CSS makes the title bar a drag region and
 * leaves room for those controls. A browser tab has no such value and keeps the plain layout.
 */
import type { WindowChrome } from '../../src-main/common/window-chrome';

export type { WindowChrome };

declare global {
  interface Window {
    /** Set by the preload inside the Electron app; absent in a browser. */
    limadeskShell?: WindowChrome;
  }
}

/** The classes for <html>; empty in a browser. */
export function windowChromeClasses(chrome: WindowChrome | undefined): string[] {
  if (!chrome || typeof chrome.platform !== 'string') return [];
  const platform = chrome.platform.replace(/[^a-z0-9]/gi, '');
  const titleBar = chrome.titleBar ?? (platform === 'darwin' ? 'hiddenInset' : 'overlay');
  const classes = ['in-electron', `platform-${platform}`];
  if (titleBar === 'hiddenInset' && platform === 'darwin') classes.push('titlebar-inset');
  if (titleBar === 'overlay') classes.push('titlebar-overlay');
  return classes;
}

export function applyWindowChrome(win: Window = window): void {
  win.document.documentElement.classList.add(...windowChromeClasses(win.limadeskShell));
}
