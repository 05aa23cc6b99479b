/** What the terminal shows above the screen; one value at a time, named for the user. */
export type TerminalState =
  | { kind: 'not-running' }
  | { kind: 'waiting-for-ssh' }
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'closed'; reason: string };

export type TerminalStateKind = TerminalState['kind'];

/** The reason a closed WebSocket gives, in words: the server sends one for every close it makes. */
export function closeReasonText(code: number, reason: string): string {
  if (reason) return reason;
  if (code === 1006) return 'the connection to Limadesk was lost';
  if (code === 1000) return 'the session ended';
  return `the connection closed (code ${code})`;
}

export function describeTerminalState(state: TerminalState, instanceName: string): string {
  switch (state.kind) {
    case 'not-running':
      return `${instanceName} is not running. Start it to open a terminal.`;
    case 'waiting-for-ssh':
      return `Waiting for SSH in ${instanceName}…`;
    case 'connecting':
      return `Connecting to ${instanceName} over SSH…`;
    case 'connected':
      return `Connected to ${instanceName}.`;
    case 'closed':
      return `Closed: ${state.reason}`;
  }
}
