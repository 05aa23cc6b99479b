import { describe, expect, it } from 'vitest';
import { clipboardAction } from './clipboard-keys';

const key = (code: string, mods: { ctrl?: boolean; shift?: boolean; meta?: boolean; alt?: boolean } = {}, type = 'keydown') => ({
  type,
  code,
  ctrlKey: mods.ctrl ?? false,
  shiftKey: mods.shift ?? false,
  metaKey: mods.meta ?? false,
  altKey: mods.alt ?? false,
});

describe('clipboardAction', () => {
  it('takes Ctrl+Shift+C/V (Linux, Windows) and Cmd+C/V (macOS) for the clipboard', () => {
    expect(clipboardAction(key('KeyC', { ctrl: true, shift: true }))).toBe('copy');
    expect(clipboardAction(key('KeyV', { ctrl: true, shift: true }))).toBe('paste');
    expect(clipboardAction(key('KeyC', { meta: true }))).toBe('copy');
    expect(clipboardAction(key('KeyV', { meta: true }))).toBe('paste');
  });

  it('leaves Ctrl+C, Ctrl+V and other chords to the guest', () => {
    expect(clipboardAction(key('KeyC', { ctrl: true }))).toBeNull();
    expect(clipboardAction(key('KeyV', { ctrl: true }))).toBeNull();
    expect(clipboardAction(key('KeyC', { ctrl: true, shift: true, alt: true }))).toBeNull();
    expect(clipboardAction(key('KeyX', { ctrl: true, shift: true }))).toBeNull();
    expect(clipboardAction(key('KeyC', { ctrl: true, shift: true }, 'keyup'))).toBeNull();
  });
});
