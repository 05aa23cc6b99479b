import { describe, expect, it } from 'vitest';
import { windowChromeClasses } from './window-chrome';

describe('window chrome', () => {
  it('adds nothing in a browser', () => {
    expect(windowChromeClasses(undefined)).toEqual([]);
  });

  it('leaves room for the traffic lights on macOS and for overlay controls elsewhere', () => {
    expect(windowChromeClasses({ platform: 'darwin' })).toEqual(['in-electron', 'platform-darwin', 'titlebar-inset']);
    expect(windowChromeClasses({ platform: 'win32' })).toEqual(['in-electron', 'platform-win32', 'titlebar-overlay']);
    expect(windowChromeClasses({ platform: 'linux', titleBar: 'native' })).toEqual(['in-electron', 'platform-linux']);
  });

  it('keeps a hostile platform string out of class names', () => {
    expect(windowChromeClasses({ platform: 'linux x"><' })).toContain('platform-linuxx');
  });
});
