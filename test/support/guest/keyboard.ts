import type { QmpInputEvent } from '../../../src-main/core/qmp/types';

// US-layout QEMU key codes (qcodes) for typing into the guest console with input-send-event.
const UNSHIFTED: Record<string, string> = {
  ' ': 'spc', '\n': 'ret', '-': 'minus', '=': 'equal', '/': 'slash', '.': 'dot', ',': 'comma', ';': 'semicolon',
  "'": 'apostrophe', '[': 'bracket_left', ']': 'bracket_right', '\\': 'backslash', '`': 'grave_accent',
};
const SHIFTED: Record<string, string> = {
  '!': '1', '@': '2', '#': '3', '$': '4', '%': '5', '^': '6', '&': '7', '*': '8', '(': '9', ')': '0',
  _: 'minus', '+': 'equal', '?': 'slash', '>': 'dot', '<': 'comma', ':': 'semicolon', '"': 'apostrophe', '|': 'backslash',
};

function key(qcode: string, down: boolean): QmpInputEvent {
  return { type: 'key', data: { down, key: { type: 'qcode', data: qcode } } };
}

/** The key presses that type `char`, as one input-send-event batch (shift held when needed). */
export function keyEventsFor(char: string): QmpInputEvent[] {
  let qcode: string | undefined;
  let shift = false;
  if (/^[a-z0-9]$/.test(char)) qcode = char;
  else if (/^[A-Z]$/.test(char)) [qcode, shift] = [char.toLowerCase(), true];
  else if (char in UNSHIFTED) qcode = UNSHIFTED[char];
  else if (char in SHIFTED) [qcode, shift] = [SHIFTED[char], true];
  if (qcode === undefined) throw new Error(`no US-layout key for ${JSON.stringify(char)}`);
  const press = [key(qcode, true), key(qcode, false)];
  return shift ? [key('shift', true), ...press, key('shift', false)] : press;
}
