import { useRef, useState } from 'react';
import type { LimadeskApi } from '../../src-main/common/api';
import type { XtermModules } from './load-xterm';
import { describeTerminalState } from './terminal-state';
import { useTerminal } from './useTerminal';
import { StartButton } from '../detail/StartButton';
import type { StartOffer } from '../detail/StartButton';
import './terminal.css';

export interface TerminalViewProps {
  api: LimadeskApi;
  name: string;
  running: boolean;
  /** False while the instance boots and its SSH has not answered yet. */
  sshReady: boolean;
  loadXterm: () => Promise<XtermModules>;
  /** Offered while the VM is not running: start it from here. */
  start?: StartOffer;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A shell in the instance over SSH, with its state in words and copy, paste and reconnect. */
export function TerminalView({ api, name, running, sshReady, loadXterm, start }: TerminalViewProps) {
  const screen = useRef<HTMLDivElement | null>(null);
  const { state, terminal, connection } = useTerminal(api, name, running, sshReady, screen, loadXterm);
  const [notice, setNotice] = useState('');
  const connected = state.kind === 'connected';

  const copy = async () => {
    const text = terminal.current?.getSelection() ?? '';
    if (!text) {
      setNotice('Select text in the terminal first.');
      return;
    }
    try {
      await navigator.clipboard.writeText(text);
      setNotice(`Copied ${text.length} characters.`);
    } catch (err) {
      setNotice(`Cannot write to the clipboard: ${message(err)}`);
    }
  };

  const paste = async () => {
    try {
      const text = await navigator.clipboard.readText();
      terminal.current?.paste(text);
      terminal.current?.focus();
    } catch (err) {
      setNotice(`Cannot read the clipboard: ${message(err)}`);
    }
  };

  const reconnect = () => {
    setNotice('');
    void connection.current?.connect();
    terminal.current?.focus();
  };

  return (
    <section className="terminal" aria-label={`Terminal of ${name}`} data-terminal-state={state.kind}>
      <div className="terminal-toolbar" role="toolbar" aria-label={`Terminal actions for ${name}`}>
        <button type="button" onClick={() => void copy()} disabled={!connected} aria-label="Copy the selected text">
          Copy
        </button>
        <button type="button" onClick={() => void paste()} disabled={!connected} aria-label="Paste clipboard text into the terminal">
          Paste
        </button>
        <button type="button" onClick={reconnect} disabled={!running}>
          Reconnect
        </button>
      </div>
      <p className={`terminal-state terminal-state-${state.kind}`} role="status">
        {describeTerminalState(state, name)}
      </p>
      {state.kind === 'not-running' && start && <StartButton name={name} start={start} />}
      <p className="terminal-notice" aria-live="polite">
        {notice}
      </p>
      <div ref={screen} className="terminal-screen" hidden={state.kind === 'not-running'} />
    </section>
  );
}
