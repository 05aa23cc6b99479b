import type { FitAddon } from '@xterm/addon-fit';
import type { ITerminalOptions, Terminal } from '@xterm/xterm';

export interface XtermModules {
  createTerminal(options: ITerminalOptions): Terminal;
  createFitAddon(): FitAddon;
}

let loading: Promise<XtermModules> | null = null;

/**
 * xterm.js and its stylesheet load on first use, into their own chunk: a session that never
 * opens a terminal does not pay for the emulator.
 */
export function loadXterm(): Promise<XtermModules> {
  loading ??= Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit'), import('@xterm/xterm/css/xterm.css')]).then(
    ([xterm, fit]) => ({
      createTerminal: (options) => new xterm.Terminal(options),
      createFitAddon: () => new fit.FitAddon(),
    }),
  );
  // A failed load (a chunk missing after an update) is retried on the next mount.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
