import type { ITheme } from '@xterm/xterm';
import { followTheme } from '../shell/theme';

// The app's palette (app.css) for the terminal's own colours; the ANSI colours keep xterm's
// defaults in dark mode and take darker shades in light mode so they stay readable on white.
export const DARK_THEME: ITheme = {
  background: '#0d1117',
  foreground: '#e6edf3',
  cursor: '#4493f8',
  cursorAccent: '#0d1117',
  selectionBackground: '#1b2d44',
};

export const LIGHT_THEME: ITheme = {
  background: '#ffffff',
  foreground: '#1f2328',
  cursor: '#0969da',
  cursorAccent: '#ffffff',
  selectionBackground: '#ddf4ff',
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#4d2d00',
  blue: '#0969da',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#218bff',
  brightMagenta: '#a475f9',
  brightCyan: '#3192aa',
  brightWhite: '#8c959f',
};

/** Calls `apply` with the terminal theme for the app's theme now and whenever it changes. */
export function followColorScheme(apply: (theme: ITheme) => void): () => void {
  return followTheme((theme) => apply(theme === 'dark' ? DARK_THEME : LIGHT_THEME));
}
