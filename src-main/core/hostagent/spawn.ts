import { spawn } from 'node:child_process';
import { closeSync, ftruncateSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HostAgentPID, HostAgentSock, HostAgentStderrLog, HostAgentStdoutLog } from '../store/filenames';
import { instanceDir } from '../store/names';
import { readPidFile } from '../store/pidfile';
import { waitForEvent } from './event-tail';
import type { HostAgentEvent } from './events';
import { SeemsRunningError } from './pid-lock';

/** How to run the agent: the same bundle as the CLI, under plain Node or Electron-as-Node. */
export interface AgentCommand {
  nodePath: string;
  scriptPath: string;
  /** The agent's environment; add ELECTRON_RUN_AS_NODE=1 when nodePath is Electron. */
  env?: NodeJS.ProcessEnv;
}

export interface StartHostAgentOptions extends AgentCommand {
  /** What to wait for: `running` (QEMU up, QMP answering) or the later `ssh-ready` stage. */
  wait?: 'qemu' | 'ssh';
  /** Default 10 minutes, as `limactl start --timeout`. */
  timeoutMs?: number;
  onEvent?: (event: HostAgentEvent) => void;
  signal?: AbortSignal;
}

export const PID_FILE_TIMEOUT_MS = 5000;

/** A start that lost the race for ha.pid to a concurrent one: the instance is running, just not by us. */
export class AnotherStartError extends SeemsRunningError {
  constructor(name: string, pidFile: string, agentPid: number) {
    super(name, pidFile, `instance ${JSON.stringify(name)} is being started by another process at the same time (its host agent has pid ${agentPid}); this start gave way`);
    this.name = 'AnotherStartError';
  }
}

/**
 * Empties a log for this run, then appends: events of an earlier run must not be read as
 * this one's, and when two starts race, the losing agent's few lines land after the
 * winner's instead of overwriting them from offset 0.
 */
function openFreshLog(file: string): number {
  const fd = openSync(file, 'a', 0o644);
  ftruncateSync(fd, 0);
  return fd;
}
export const DEFAULT_START_TIMEOUT_MS = 10 * 60_000;

/** The last non-empty lines of a small log, joined for an error message; '' when unreadable. */
async function lastLines(file: string, count: number): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-count)
    .join(' | ');
}

async function waitForPidFile(pidFile: string, child: { exited: boolean }, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !child.exited) {
    if ((await readPidFile(pidFile).catch(() => 0)) !== 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (await readPidFile(pidFile).catch(() => 0)) !== 0;
}

/**
 * `limactl start`'s second half: launch the host agent detached (its own session, so it
 * outlives us and our terminal), its stdout/stderr going to fresh ha.stdout.log/ha.stderr.log,
 * then follow its events until the VM is running. Returns the event that ended the wait.
 */
export async function startHostAgent(limaHome: string, name: string, options: StartHostAgentOptions): Promise<HostAgentEvent> {
  const dir = instanceDir(limaHome, name);
  const pidFile = path.join(dir, HostAgentPID);
  if ((await readPidFile(pidFile)) !== 0) throw new SeemsRunningError(name, pidFile);

  const since = new Date();
  const stdoutLog = path.join(dir, HostAgentStdoutLog);
  const stderrLog = path.join(dir, HostAgentStderrLog);
  const out = openFreshLog(stdoutLog);
  const err = openFreshLog(stderrLog);
  let childPid: number | undefined;
  const state = { exited: false, code: null as number | null, signal: null as NodeJS.Signals | null };
  try {
    const child = spawn(
      options.nodePath,
      [options.scriptPath, 'hostagent', '--pidfile', pidFile, '--socket', path.join(dir, HostAgentSock), name],
      { detached: true, stdio: ['ignore', out, err], env: options.env ?? process.env, cwd: dir },
    );
    childPid = child.pid;
    child.on('exit', (code, signal) => Object.assign(state, { exited: true, code, signal }));
    child.on('error', () => (state.exited = true));
    child.unref();
  } finally {
    closeSync(out);
    closeSync(err);
  }

  if (!(await waitForPidFile(pidFile, state, PID_FILE_TIMEOUT_MS))) {
    if (state.exited) {
      // The agent's own words are the useful part; "did not start up" alone sends the user digging.
      const said = await lastLines(stderrLog, 5);
      const how = state.signal ? `was killed by ${state.signal}` : `exited with code ${state.code ?? 'unknown'}`;
      throw new Error(`host agent ${how} before it started${said ? `: ${said}` : ''} (see ${JSON.stringify(stderrLog)})`);
    }
    throw new Error(`host agent did not start up in ${PID_FILE_TIMEOUT_MS / 1000}s (hint: see ${JSON.stringify(stderrLog)})`);
  }
  // Two starts at once both pass the check above; only one agent can claim ha.pid. The
  // other start must say it lost instead of following the winner's events as its own.
  const owner = await readPidFile(pidFile).catch(() => 0);
  if (childPid !== undefined && owner !== 0 && owner !== childPid) {
    throw new AnotherStartError(name, pidFile, owner);
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const wantSsh = options.wait === 'ssh';
  const last = await waitForEvent(
    stdoutLog,
    {
      since,
      timeoutMs,
      timeoutMessage: `did not receive an event with the "${wantSsh ? 'ssh-ready' : 'running'}" status in ${Math.round(timeoutMs / 1000)}s (hint: see ${JSON.stringify(stderrLog)})`,
      onEvent: options.onEvent,
      signal: options.signal,
    },
    (e) => Boolean(e.status.exiting) || (wantSsh ? e.limadesk?.stage === 'ssh-ready' : Boolean(e.status.running)),
  );
  if (last.status.exiting) {
    throw new Error(`exiting, status=${JSON.stringify(last.status)} (hint: see ${JSON.stringify(stderrLog)})`);
  }
  return last;
}
