import path from 'node:path';
import { silentLogger, type Logger } from '../../common/logger';
import { waitForEvent } from '../hostagent/event-tail';
import type { HostAgentEvent } from '../hostagent/events';
import { prepareImage } from '../hostagent/prepare-disks';
import { startHostAgent, type AgentCommand } from '../hostagent/spawn';
import { limaCacheDir } from '../images/cache-dir';
import type { ImageStage } from '../images/instance-image';
import type { DownloadProgress } from '../images/progress';
import { HostAgentStdoutLog } from '../store/filenames';
import { inspectInstance, type InspectDeps } from '../store/inspect';
import type { Instance } from '../store/instance';
import { InstanceStateError } from './errors';
import { forceStop } from './force-stop';
import { requireInstance } from './require-instance';

export interface LifecycleDeps {
  logger?: Logger;
  inspect?: InspectDeps;
  /** How to launch a host agent (the CLI bundle under Node, or under Electron as Node). */
  agent: AgentCommand;
  /** Lima's cache root for image downloads (default: from this process's environment). */
  imageCacheDir?: string;
}

export interface StartOptions {
  wait?: 'qemu' | 'ssh';
  timeoutMs?: number;
  onEvent?: (event: HostAgentEvent) => void;
  signal?: AbortSignal;
  /** Progress of image downloads, which happen before the host agent starts. */
  onDownloadProgress?: (progress: DownloadProgress) => void;
  onImageStage?: (stage: ImageStage, message: string) => void;
}

export interface StartResult {
  alreadyRunning: boolean;
  instance: Instance;
  /** The event the wait ended on (absent when it was already running). */
  event?: HostAgentEvent;
}

export interface StopOptions {
  /** `stop -f`: kill without asking the guest, then clear runtime files. */
  force?: boolean;
  /** How long the guest gets to shut down before QEMU is killed (default 3 min 10 s, as Lima waits). */
  timeoutMs?: number;
  onEvent?: (event: HostAgentEvent) => void;
}

export const DEFAULT_STOP_TIMEOUT_MS = 3 * 60_000 + 10_000;
const STOPPED_POLL_MS = 500;
const STOPPED_WAIT_MS = 3 * 60_000;
// After QEMU is killed the agent only has to clean up; it gets this long before a forced stop.
const AFTER_KILL_GRACE_MS = 15_000;
/** waitForEvent's rejection when the wait ran out, told apart from its other failures. */
const STOP_TIMED_OUT = 'the host agent did not report exiting in time';

/** Starting and stopping instances, the way `limactl start` and `limactl stop` do it. */
export class InstanceLifecycle {
  private readonly logger: Logger;

  constructor(readonly limaHome: string, private readonly deps: LifecycleDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  private inspect(name: string): Promise<Instance> {
    return inspectInstance(this.limaHome, name, this.deps.inspect);
  }

  async start(name: string, options: StartOptions = {}): Promise<StartResult> {
    const before = await requireInstance(this.limaHome, name, this.deps.inspect);
    if (before.status === 'Running') return { alreadyRunning: true, instance: before };
    if (before.status === 'Broken') {
      throw new InstanceStateError(`instance ${JSON.stringify(name)} is Broken: ${before.errors.join('; ')}`);
    }
    if (before.config) {
      // As in Lima, the image is fetched before the host agent starts, so progress reaches the caller.
      await prepareImage(before.dir, before.config, this.logger, {
        cacheDir: this.deps.imageCacheDir ?? limaCacheDir(process.env),
        ...(options.onDownloadProgress ? { onProgress: options.onDownloadProgress } : {}),
        ...(options.onImageStage ? { onStage: options.onImageStage } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    }
    const event = await startHostAgent(this.limaHome, name, { ...this.deps.agent, ...options });
    return { alreadyRunning: false, instance: await this.inspect(name), event };
  }

  async stop(name: string, options: StopOptions = {}): Promise<Instance> {
    const inst = await requireInstance(this.limaHome, name, this.deps.inspect);
    if (options.force) {
      await forceStop(this.limaHome, inst.dir, inst.config, this.logger);
      return this.inspect(name);
    }
    if (inst.status !== 'Running') {
      throw new InstanceStateError(`expected status "Running", got ${JSON.stringify(inst.status)} (maybe use \`limadesk stop -f\`?)`);
    }
    const eventsFile = path.join(inst.dir, HostAgentStdoutLog);
    const since = new Date();
    this.logger.info('sending SIGINT to the host agent', { pid: inst.hostAgentPID });
    process.kill(inst.hostAgentPID, 'SIGINT');
    const timeoutMs = options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    const isExiting = (e: HostAgentEvent): boolean => Boolean(e.status.exiting);
    // The second wait re-reads the file from `since`; report each event once.
    const reported = new Set<string>();
    const onEvent = (e: HostAgentEvent): void => {
      const key = JSON.stringify(e);
      if (reported.has(key)) return;
      reported.add(key);
      options.onEvent?.(e);
    };
    // Only running out of time means the guest ignored the request; any other failure (the
    // events cannot be read, a listener threw) is reported as it is, and the VM left alone.
    const timedOut = (err: unknown): boolean => err instanceof Error && err.message === STOP_TIMED_OUT;
    try {
      await waitForEvent(eventsFile, { since, timeoutMs, timeoutMessage: STOP_TIMED_OUT, onEvent }, isExiting);
    } catch (err) {
      if (!timedOut(err)) throw err;
      await this.killVm(inst);
      try {
        await waitForEvent(eventsFile, { since, timeoutMs: AFTER_KILL_GRACE_MS, timeoutMessage: STOP_TIMED_OUT, onEvent }, isExiting);
      } catch (afterKill) {
        if (!timedOut(afterKill)) throw afterKill;
        this.logger.warn('the host agent did not exit; forcing the stop', { pid: inst.hostAgentPID });
        await forceStop(this.limaHome, inst.dir, inst.config, this.logger);
      }
    }
    return this.waitForStopped(name);
  }

  /** The guest ignored the power button for too long: end QEMU; the host agent sees it and exits. */
  private async killVm(inst: Instance): Promise<void> {
    const current = await this.inspect(inst.name);
    if (current.driverPID === 0) return;
    this.logger.warn('the guest did not shut down in time; killing QEMU', { pid: current.driverPID });
    try {
      process.kill(current.driverPID, 'SIGKILL');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }

  private async waitForStopped(name: string): Promise<Instance> {
    const deadline = Date.now() + STOPPED_WAIT_MS;
    for (;;) {
      const inst = await this.inspect(name);
      if (inst.status === 'Stopped') return inst;
      if (Date.now() > deadline) {
        throw new InstanceStateError(`instance ${JSON.stringify(name)} did not reach "Stopped" (status ${inst.status}: ${inst.errors.join('; ')})`);
      }
      await new Promise((resolve) => setTimeout(resolve, STOPPED_POLL_MS));
    }
  }
}
