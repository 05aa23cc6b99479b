// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
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
