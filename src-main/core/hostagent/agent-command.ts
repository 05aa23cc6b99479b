import path from 'node:path';
import type { AgentCommand } from './spawn';

/**
 * The command that runs a host agent from inside this very process's program: the same
 * executable and script. Under Electron the executable is Electron itself, which must be
 * told to behave as plain Node.
 */
export function agentCommandForThisProcess(scriptPath: string | undefined = process.argv[1], env: NodeJS.ProcessEnv = process.env): AgentCommand {
  if (!scriptPath) throw new Error('cannot tell which script to run the host agent from');
  const agentEnv: NodeJS.ProcessEnv = { ...env };
  if (process.versions.electron) agentEnv.ELECTRON_RUN_AS_NODE = '1';
  return { nodePath: process.execPath, scriptPath: path.resolve(scriptPath), env: agentEnv };
}
