import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { LimadeskApi } from '../../src-main/common/api';
import { describeState } from './console-state';
import { ConsoleToolbar } from './ConsoleToolbar';
import { useVncConnection } from './useVncConnection';
import type { RfbConstructor } from './vnc-connection';
import { StartButton } from '../detail/StartButton';
import type { StartOffer } from '../detail/StartButton';
import './console.css';

export interface ConsoleViewProps {
  api: LimadeskApi;
  name: string;
  running: boolean;
  loadRfb: () => Promise<RfbConstructor>;
  /** How the connection waits between retries; tests pass one that does not. */
  sleep?: (ms: number) => Promise<void>;
  /** Offered while the VM is not running: start it from here. */
  start?: StartOffer;
}

/** Gives the keys back to the page from a focused screen (QEMU's own window uses the same keys). */
const RELEASE_KEYS = 'Ctrl+Alt+G';
const isRelease = (e: KeyboardEvent) => e.ctrlKey && e.altKey && e.code === 'KeyG';

/**
 * The VM's screen through noVNC, with its state in words and the console actions above it.
 * The screen is a Tab stop like any control; while it has focus every key goes to the VM,
 * but Ctrl+Alt+G, which moves the focus back to the console's toolbar.
 */
export function ConsoleView({ api, name, running, loadRfb, sleep, start }: ConsoleViewProps) {
  const panel = useRef<HTMLElement | null>(null);
  const screen = useRef<HTMLDivElement | null>(null);
  const { state, connection } = useVncConnection(api, name, running, screen, loadRfb, sleep);
  const [notice, setNotice] = useState('');
  // noVNC makes a new canvas for each connection and keeps it out of the Tab order.
  useEffect(() => {
    if (state.kind !== 'connected') return;
    const canvas = screen.current?.querySelector('canvas');
    if (!canvas) return;
    canvas.tabIndex = 0;
    canvas.setAttribute('aria-label', `Screen of ${name}: keys go to the VM; ${RELEASE_KEYS} gives them back`);
  }, [state.kind, name]);
  // Set by the release keys; the focus moves once the modifiers are up, so the VM sees them released.
  const releasing = useRef(false);
  const onKeyDownCapture = (e: KeyboardEvent) => {
    if (!isRelease(e)) return;
    e.preventDefault();
    e.stopPropagation();
    releasing.current = true;
  };
  const onKeyUpCapture = (e: KeyboardEvent) => {
    if (!releasing.current) return;
    if (e.code === 'KeyG') e.stopPropagation();
    if (e.ctrlKey || e.altKey) return;
    releasing.current = false;
    panel.current?.querySelector<HTMLButtonElement>('.console-toolbar button:not(:disabled)')?.focus();
  };

  return (
    <section ref={panel} className="console" aria-label={`Console of ${name}`} data-console-state={state.kind}>
      <ConsoleToolbar instanceName={name} stateKind={state.kind} connection={connection} panel={panel} onNotice={setNotice} />
      <p className={`console-state console-state-${state.kind}`} role="status">
        {describeState(state, name)}
      </p>
      {state.kind === 'not-running' && start && <StartButton name={name} start={start} />}
      <p className="console-notice" aria-live="polite">
        {notice}
      </p>
      <div
        ref={screen}
        className="console-screen"
        role="application"
        aria-label={`Screen of ${name}. Click it or Tab to it to send keys to the VM; ${RELEASE_KEYS} gives them back.`}
        hidden={state.kind === 'not-running'}
        onKeyDownCapture={onKeyDownCapture}
        onKeyUpCapture={onKeyUpCapture}
        onFocus={() => setNotice(`Keys go to ${name}. ${RELEASE_KEYS} gives them back.`)}
        onBlur={() => setNotice('')}
      />
    </section>
  );
}
