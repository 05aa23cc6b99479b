/** What the console shows above the screen; one value at a time, named for the user. */
export type ConsoleState =
  | { kind: 'not-running' }
  | { kind: 'connecting' }
  | { kind: 'connected'; desktopName: string }
  | { kind: 'wrong-password'; reason: string }
  | { kind: 'disconnected'; reason: string };

export type ConsoleStateKind = ConsoleState['kind'];

/** QEMU ends its security failure reason with a NUL byte. */
export function cleanReason(reason: string | undefined): string {
  return (reason ?? '').replace(/\0+$/, '').trim();
}

export function describeState(state: ConsoleState, instanceName: string): string {
  switch (state.kind) {
    case 'not-running':
      return `${instanceName} is not running. Start it to see its screen.`;
    case 'connecting':
      return `Connecting to the screen of ${instanceName}…`;
    case 'connected':
      return state.desktopName ? `Connected to ${instanceName} (${state.desktopName}).` : `Connected to ${instanceName}.`;
    case 'wrong-password':
      return `Wrong password: the VNC server refused the login${state.reason ? ` (${state.reason})` : ''}.`;
    case 'disconnected':
      return `Disconnected: ${state.reason}`;
  }
}
