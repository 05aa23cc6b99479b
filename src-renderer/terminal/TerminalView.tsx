import { useRef, useState, type DragEvent } from 'react';
import type { LimadeskApi } from '../../src-main/common/api';
import type { XtermModules } from './load-xterm';
import { copyDroppedFiles, pathForFileInThisWindow, type PathForFile } from './file-drop';
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
  /** Where a dropped file is on the host; by default the preload's (desktop app), none in a browser. */
  pathForFile?: PathForFile | undefined;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A shell in the instance over SSH, with its state in words and copy, paste and reconnect. */
export function TerminalView({ api, name, running, sshReady, loadXterm, start, pathForFile }: TerminalViewProps) {
  const screen = useRef<HTMLDivElement | null>(null);
  const { state, terminal, connection } = useTerminal(api, name, running, sshReady, screen, loadXterm);
  const [notice, setNotice] = useState('');
  const [dropping, setDropping] = useState(false);
  const connected = state.kind === 'connected';

  // Files dragged over a running instance's terminal are copied into the guest user's home.
  const acceptsFiles = (event: DragEvent) => running && event.dataTransfer.types.includes('Files');
  const dragOver = (event: DragEvent) => {
    if (!acceptsFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropping(true);
  };
  const drop = (event: DragEvent) => {
    setDropping(false);
    if (!acceptsFiles(event)) return;
    event.preventDefault();
    const files = Array.from(event.dataTransfer.files);
    void copyDroppedFiles(api, name, files, pathForFile ?? pathForFileInThisWindow(), setNotice).then(setNotice, (err: unknown) => setNotice(`Could not copy: ${message(err)}`));
  };

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
    <section
      className={`terminal${dropping ? ' is-dropping' : ''}`}
      aria-label={`Terminal of ${name}`}
      data-terminal-state={state.kind}
      onDragOver={dragOver}
      onDragLeave={() => setDropping(false)}
      onDrop={drop}
    >
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
