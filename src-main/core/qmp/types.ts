// Hand-written types for the QMP commands and events Limadesk uses, after QEMU's
// qapi/*.json schema (checked against QEMU 7.2).

export interface QmpVersionTriple {
  major: number;
  minor: number;
  micro: number;
}

export interface QmpVersionInfo {
  qemu: QmpVersionTriple;
  package: string;
}

export interface QmpGreeting {
  version: QmpVersionInfo;
  capabilities: string[];
}

export type QmpRunState =
  | 'debug' | 'inmigrate' | 'internal-error' | 'io-error' | 'paused' | 'postmigrate' | 'prelaunch'
  | 'finish-migrate' | 'restore-vm' | 'running' | 'save-vm' | 'shutdown' | 'suspended' | 'watchdog'
  | 'guest-panicked' | 'colo';

export interface QmpStatusInfo {
  status: QmpRunState;
  running: boolean;
  singlestep?: boolean;
}

export interface QmpVncClientInfo {
  host: string;
  service: string;
  family: string;
  websocket: boolean;
  x509_dname?: string;
  sasl_username?: string;
}

export interface QmpVncInfo {
  enabled: boolean;
  host?: string;
  family?: string;
  service?: string;
  auth?: string;
  clients?: QmpVncClientInfo[];
}

export type QmpInputEvent =
  | { type: 'key'; data: { down: boolean; key: { type: 'qcode'; data: string } | { type: 'number'; data: number } } }
  | { type: 'btn'; data: { down: boolean; button: 'left' | 'middle' | 'right' | 'wheel-up' | 'wheel-down' | 'side' | 'extra' } }
  | { type: 'abs' | 'rel'; data: { axis: 'x' | 'y'; value: number } };

/** One drive of `query-blockstats`; only the counters Limadesk reads are typed. */
export interface QmpBlockStats {
  device?: string;
  'node-name'?: string;
  qdev?: string;
  stats: { rd_bytes: number; wr_bytes: number; rd_operations: number; wr_operations: number };
}

type NoArgs = undefined;
type Empty = Record<string, never>;

/** Command name → arguments and result type. */
export interface QmpCommands {
  qmp_capabilities: { args: { enable?: string[] } | NoArgs; result: Empty };
  'query-status': { args: NoArgs; result: QmpStatusInfo };
  'query-version': { args: NoArgs; result: QmpVersionInfo };
  'query-vnc': { args: NoArgs; result: QmpVncInfo };
  system_powerdown: { args: NoArgs; result: Empty };
  system_reset: { args: NoArgs; result: Empty };
  quit: { args: NoArgs; result: Empty };
  stop: { args: NoArgs; result: Empty };
  cont: { args: NoArgs; result: Empty };
  'change-vnc-password': { args: { password: string }; result: Empty };
  'human-monitor-command': { args: { 'command-line': string; 'cpu-index'?: number }; result: string };
  'query-blockstats': { args: NoArgs; result: QmpBlockStats[] };
  'input-send-event': { args: { device?: string; head?: number; events: QmpInputEvent[] }; result: Empty };
}

export type QmpCommandName = keyof QmpCommands;

/** An asynchronous event line: {"event", "data"?, "timestamp"}. */
export interface QmpEvent {
  event: string;
  data?: Record<string, unknown>;
  timestamp: { seconds: number; microseconds: number };
}

/** Names of the events Limadesk reacts to; any other name is delivered too. */
export type QmpEventName =
  | 'SHUTDOWN' | 'POWERDOWN' | 'RESET' | 'STOP' | 'RESUME' | 'SUSPEND' | 'WAKEUP' | 'GUEST_PANICKED'
  | 'VNC_CONNECTED' | 'VNC_INITIALIZED' | 'VNC_DISCONNECTED' | 'JOB_STATUS_CHANGE' | 'BLOCK_IO_ERROR';
