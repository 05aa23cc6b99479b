import { useRef, useState } from 'react';
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

/** The VM's screen through noVNC, with its state in words and the console actions above it. */
export function ConsoleView({ api, name, running, loadRfb, sleep, start }: ConsoleViewProps) {
  const panel = useRef<HTMLElement | null>(null);
  const screen = useRef<HTMLDivElement | null>(null);
  const { state, connection } = useVncConnection(api, name, running, screen, loadRfb, sleep);
  const [notice, setNotice] = useState('');

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
        aria-label={`Screen of ${name}. Click it to send keys to the VM.`}
        hidden={state.kind === 'not-running'}
      />
    </section>
  );
}
