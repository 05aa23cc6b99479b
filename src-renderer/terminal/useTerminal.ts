import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Terminal } from '@xterm/xterm';
import type { LimadeskApi } from '../../src-main/common/api';
import { clipboardAction } from './clipboard-keys';
import type { XtermModules } from './load-xterm';
import { TerminalConnection } from './terminal-connection';
import type { TerminalState } from './terminal-state';
import { followColorScheme } from './terminal-theme';

export interface TerminalHandle {
  state: TerminalState;
  terminal: RefObject<Terminal | null>;
  connection: RefObject<TerminalConnection | null>;
}

async function copySelection(term: Terminal): Promise<void> {
  const text = term.getSelection();
  if (text) await navigator.clipboard.writeText(text);
}

/**
 * Owns the xterm.js terminal and its connection while the tab is shown: created in an effect
 * and disposed in its cleanup, so StrictMode's double mount leaves one live session.
 */
export function useTerminal(
  api: LimadeskApi,
  name: string,
  running: boolean,
  sshReady: boolean,
  container: RefObject<HTMLElement | null>,
  loadXterm: () => Promise<XtermModules>,
): TerminalHandle {
  const [state, setState] = useState<TerminalState>(running ? { kind: 'connecting' } : { kind: 'not-running' });
  const terminal = useRef<Terminal | null>(null);
  const connection = useRef<TerminalConnection | null>(null);
  const latest = useRef({ running, sshReady });
  latest.current = { running, sshReady };

  useEffect(() => {
    const target = container.current;
    if (!target) return;
    let disposed = false;
    const cleanups: Array<() => void> = [];
    void loadXterm().then(
      (xterm) => {
        if (disposed) return;
        const term = xterm.createTerminal({
          cursorBlink: true,
          fontFamily: "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
          fontSize: 14,
          scrollback: 5000,
        });
        const fit = xterm.createFitAddon();
        term.loadAddon(fit);
        term.open(target);
        cleanups.push(followColorScheme((theme) => (term.options.theme = theme)));
        term.attachCustomKeyEventHandler((ev) => {
          const action = clipboardAction(ev);
          if (action === 'copy' && ev.ctrlKey) {
            // Ctrl+Shift+C would open the browser's inspector; the selection goes to the clipboard instead.
            ev.preventDefault();
            void copySelection(term).catch(() => {});
          }
          // Returning false leaves the key to the browser, whose own copy and paste events xterm handles.
          return action === null;
        });
        const refit = (): void => {
          if (target.clientWidth > 0 && target.clientHeight > 0) fit.fit();
        };
        refit();
        const observer = new ResizeObserver(() => requestAnimationFrame(refit));
        observer.observe(target);
        cleanups.push(() => observer.disconnect());

        const conn = new TerminalConnection({ openSession: (size) => api.openTerminalSession({ name, ...size }), onState: setState });
        conn.attach(term);
        terminal.current = term;
        connection.current = conn;
        conn.setRunning(latest.current.running, latest.current.sshReady);
        cleanups.push(() => {
          conn.dispose();
          term.dispose();
          if (connection.current === conn) connection.current = null;
          if (terminal.current === term) terminal.current = null;
        });
      },
      (err: unknown) => {
        if (!disposed) setState({ kind: 'closed', reason: `the terminal could not be loaded: ${err instanceof Error ? err.message : String(err)}` });
      },
    );
    return () => {
      disposed = true;
      for (const cleanup of cleanups.reverse()) cleanup();
    };
  }, [api, name, container, loadXterm]);

  useEffect(() => {
    connection.current?.setRunning(running, sshReady);
  }, [running, sshReady]);

  return { state, terminal, connection };
}
