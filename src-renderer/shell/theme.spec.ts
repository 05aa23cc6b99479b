// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyTheme, chooseTheme, currentTheme, followTheme, readThemeChoice } from './theme';

afterEach(() => {
  window.localStorage.clear();
  delete document.documentElement.dataset.theme;
});

describe('the theme', () => {
  it('is System until chosen, and a choice is remembered and set on <html>', () => {
    expect(readThemeChoice()).toBe('system');
    chooseTheme('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(readThemeChoice()).toBe('dark');
    chooseTheme('system');
    expect(document.documentElement.dataset.theme).toBe('system');
  });

  it("tells the desktop app's window each theme applied, and keeps the page's theme if it cannot", () => {
    const told: string[] = [];
    window.limadeskWindow = { setTheme: (theme) => void told.push(theme) };
    try {
      applyTheme('light');
      chooseTheme('dark');
      expect(told).toEqual(['light', 'dark']);
      window.limadeskWindow = {
        setTheme: () => {
          throw new Error('gone');
        },
      };
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      chooseTheme('light');
      expect(document.documentElement.dataset.theme).toBe('light');
      expect(warn).toHaveBeenCalledWith('could not pass the theme to the window', expect.any(Error));
      warn.mockRestore();
    } finally {
      delete window.limadeskWindow;
    }
  });

  it('falls back to System for a damaged entry', () => {
    window.localStorage.setItem('limadesk.ui.theme', '"purple"');
    expect(readThemeChoice()).toBe('system');
    window.localStorage.setItem('limadesk.ui.theme', '{not json');
    expect(readThemeChoice()).toBe('system');
  });

  it('tells followers the theme in effect, and each change of it', async () => {
    const seen: string[] = [];
    const stop = followTheme((theme) => seen.push(theme));
    applyTheme('dark');
    await Promise.resolve();
    applyTheme('light');
    await Promise.resolve();
    // jsdom has no matchMedia: System counts as light.
    applyTheme('system');
    await Promise.resolve();
    stop();
    applyTheme('dark');
    await Promise.resolve();
    expect(seen).toEqual(['light', 'dark', 'light']);
    expect(currentTheme()).toBe('dark');
  });
});
