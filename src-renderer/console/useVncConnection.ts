import { useEffect, useRef, useState, type RefObject } from 'react';
import type { LimadeskApi } from '../../src-main/common/api';
import type { ConsoleState } from './console-state';
import { VncConnection, type RfbConstructor } from './vnc-connection';

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface VncConnectionHandle {
  state: ConsoleState;
  connection: RefObject<VncConnection | null>;
}

/**
 * Owns a VncConnection for as long as the console is shown. Created in an effect and disposed
 * in its cleanup, so StrictMode's double mount leaves exactly one live connection.
 */
export function useVncConnection(
  api: LimadeskApi,
  name: string,
  running: boolean,
  screen: RefObject<HTMLElement | null>,
  loadRfb: () => Promise<RfbConstructor>,
  sleep?: (ms: number) => Promise<void>,
): VncConnectionHandle {
  const [state, setState] = useState<ConsoleState>(running ? { kind: 'connecting' } : { kind: 'not-running' });
  const connection = useRef<VncConnection | null>(null);
  const runningNow = useRef(running);
  runningNow.current = running;
  // Read through a ref: a caller's inline function must not tear the connection down on every render.
  const sleepNow = useRef(sleep);
  sleepNow.current = sleep;

  useEffect(() => {
    const target = screen.current;
    if (!target) return;
    const conn = new VncConnection({ openSession: () => api.openVncSession({ name }), loadRfb, onState: setState, sleep: (ms) => (sleepNow.current ?? defaultSleep)(ms) });
    connection.current = conn;
    conn.setRunning(runningNow.current);
    conn.attach(target);
    if (!runningNow.current) setState({ kind: 'not-running' });
    return () => {
      conn.dispose();
      if (connection.current === conn) connection.current = null;
    };
  }, [api, name, screen, loadRfb]);

  useEffect(() => {
    connection.current?.setRunning(running);
  }, [running]);

  return { state, connection };
}
