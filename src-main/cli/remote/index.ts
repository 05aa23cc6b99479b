import type { CliContext } from '../../common/command';

/**
 * The instance commands that take `--host NAME`: each runs against that host's API over SSH
 * instead of this machine's LIMA_HOME. Loaded only when one runs.
 */
export const REMOTE_COMMANDS: Record<string, { untilPositional?: boolean; run: () => Promise<(ctx: CliContext, host: string) => Promise<number>> }> = {
  list: { run: async () => (await import('./inspect')).remoteList },
  start: { run: async () => (await import('./lifecycle')).remoteStart },
  stop: { run: async () => (await import('./lifecycle')).remoteStop },
  restart: { run: async () => (await import('./lifecycle')).remoteRestart },
  delete: { run: async () => (await import('./lifecycle')).remoteDelete },
  snapshot: { run: async () => (await import('./inspect')).remoteSnapshot },
  logs: { run: async () => (await import('./inspect')).remoteLogs },
  ports: { run: async () => (await import('./inspect')).remotePorts },
  vnc: { run: async () => (await import('./sessions')).remoteVnc },
  // What follows the instance name is the guest's command, --host included.
  shell: { untilPositional: true, run: async () => (await import('./sessions')).remoteShell },
};
