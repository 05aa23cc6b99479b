/**
 * How the app's window is framed, said once for the Electron main process (which makes the
 * window) and the preload (which tells the page): on macOS the traffic lights sit inset over
 * the page's top-left corner, elsewhere the window controls are an overlay at the top right.
 * The page then makes its title bar a drag region that leaves room for them.
 */
export type TitleBar = 'hiddenInset' | 'overlay' | 'native';

export interface WindowChrome {
  /** `process.platform` of the app: 'darwin', 'win32', 'linux'… */
  platform: string;
  titleBar?: TitleBar;
}

/** The height of the page's title bar, which the overlay controls match (CSS px). */
export const TITLE_BAR_HEIGHT = 40;

export function titleBarFor(platform: string): TitleBar {
  return platform === 'darwin' ? 'hiddenInset' : 'overlay';
}

/** The theme the user chose in Settings; the window's own controls and menus follow it. */
export type WindowTheme = 'system' | 'light' | 'dark';

/** The one IPC channel outside the API: the page tells the window its theme. */
export const WINDOW_THEME_CHANNEL = 'window:theme';

export const isWindowTheme = (v: unknown): v is WindowTheme => v === 'system' || v === 'light' || v === 'dark';
