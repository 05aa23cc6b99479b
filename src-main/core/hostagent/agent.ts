import path from 'node:path';
import type { Logger } from '../../common/logger';
import type { ConfigIssue, FilledLimaYAML } from '../config/types';
import type { Driver, DriverInstance, StartedVm, VmExit } from '../driver/driver';
import {
  HostAgentSock,
  LimaYAML,
  PIDFile,
  QMPSock,
  SerialPCISock,
  SerialSock,
  SerialVirtioSock,
  VNCDisplayFile,
  VNCPasswordFile,
} from '../store/filenames';
import { writeCidata } from '../cidata/write-cidata';
import { formatIssue } from '../store/inspect';
import { readPidFile } from '../store/pidfile';
import { HostAgentApi } from './api-server';
import { blockStatsReader } from './block-stats';
import type { BootStage, EventStatus, HostAgentEvent, LimadeskDetail } from './events';
import { formatEvent } from './events';
import { claimPidFile, removeQuietly } from './pid-lock';
import { prepareImage } from './prepare-disks';
import { processArgv } from './process-argv';
import { writeSshConfig } from './ssh-config-file';
import { pickSshPort } from './ssh-port';
import { connectSsh } from '../ssh/connect';
import { guestConnection } from '../ssh/guest-connection';
import { sshHandshake } from '../ssh/handshake';
import { limaSshTarget } from '../ssh/target';
import { PortForwarding } from './port-forward/port-forwarding';
import { GuestBoot, type GuestBootStage } from './boot/guest-boot';
import { SharedGuestSsh } from './guest-ssh';
import { findSftpServer } from './mounts/sftp-server';
import type { PortForwardEvent } from './port-forward/types';
import { forgetVncDisplay, setUpVnc } from './vnc-setup';

export interface HostAgentDeps {
  loadConfig(args: { file: string; limaHome: string; instanceDir: string }): Promise<{ config?: FilledLimaYAML; issues: ConfigIssue[] }>;
  createDriver(vmType: string, instance: DriverInstance, deps: { logger: Logger }): Driver | Promise<Driver>;
  /** Resolves once QEMU's monitor on `socketPath` answers a command. */
  qmpAnswers(socketPath: string): Promise<void>;
  logger: Logger;
  /** Where events go: the agent's stdout, which `ha.stdout.log` captures. */
  writeEvent(line: string): void;
  now?: () => Date;
}

export interface HostAgentOptions {
  limaHome: string;
  name: string;
  dir: string;
  pidFile: string;
  socketPath: string;
  /** How long the guest gets to act on the power button before QEMU is killed. */
  stopTimeoutMs?: number;
  sshProbeIntervalMs?: number;
  /** How long each boot requirement and readiness probe is retried (Lima: 200 tries, 3 s apart). */
  requirementTimeoutMs?: number;
}

const REQUIREMENT_INTERVAL_MS = 3000;

const DEFAULT_STOP_TIMEOUT_MS = 3 * 60_000;

class StopRequested extends Error {}
class VmExitedEarly extends Error {
  constructor(readonly exit: VmExit) {
    super(`the VM process exited during boot (${describeExit(exit)}); see serial.log and ha.stderr.log`);
  }
}

function describeExit(exit: VmExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
}

/**
 * One instance's agent, the counterpart of Lima's `limactl hostagent`: it owns the instance
 * while it runs (ha.pid, ha.sock), boots the VM through the driver, reports progress as
 * events, and on a signal or when the VM ends, stops it and leaves no runtime files behind.
 */
export class HostAgent {
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly api: HostAgentApi;
  private status: EventStatus = {};
  private lastEvent: HostAgentEvent | undefined;
  private sshLocalPort = 0;
  private sshUser: string | undefined;
  private config: FilledLimaYAML | undefined;
  private portForwarding: PortForwarding | undefined;
  private guestSsh: SharedGuestSsh | undefined;
  private guestBoot: GuestBoot | undefined;
  private instanceId = '';
  private driver: Driver | undefined;
  private vm: StartedVm | undefined;
  private vmExit: VmExit | undefined;
  private stopRequestedFlag = false;
  private resolveStop: () => void = () => {};
  private readonly stopRequested = new Promise<void>((resolve) => (this.resolveStop = resolve));
  private readonly sshProbe = new AbortController();

  constructor(private readonly options: HostAgentOptions, private readonly deps: HostAgentDeps) {
    this.logger = deps.logger;
    this.now = deps.now ?? (() => new Date());
    const blockStats = blockStatsReader(path.join(options.dir, QMPSock), this.logger);
    this.api = new HostAgentApi(
      {
        sshLocalPort: () => this.sshLocalPort,
        latest: () => this.lastEvent,
        portForwards: () => ({ forwards: this.portForwarding?.list() ?? [] }),
        blockStats: () => (this.vm && !this.vmExit ? blockStats() : Promise.reject(new Error('the VM is not running'))),
      },
      this.logger,
    );
  }

  /** Asks the agent to stop the VM and exit (what SIGINT/SIGTERM do). Safe to call repeatedly. */
  requestStop(reason: string): void {
    if (this.stopRequestedFlag) return;
    this.stopRequestedFlag = true;
    this.logger.info('stop requested', { reason });
    this.resolveStop();
  }

  /** Runs until the VM is gone; returns the process exit code. */
  async run(): Promise<number> {
    const { name, pidFile } = this.options;
    try {
      await claimPidFile(name, pidFile);
    } catch (err) {
      this.logger.error((err as Error).message);
      return 1;
    }
    const errors: string[] = [];
    try {
      await this.api.listen(this.options.socketPath);
      await this.boot();
      await this.superviseUntilExit(errors);
    } catch (err) {
      if (!(err instanceof StopRequested)) {
        errors.push((err as Error).message);
        this.logger.error('host agent failed', { error: (err as Error).message });
      }
      await this.stopVmIfRunning();
    } finally {
      await this.cleanUp(errors);
    }
    return errors.length > 0 ? 1 : 0;
  }

  private get dir(): string {
    return this.options.dir;
  }

  private emit(stage: BootStage | undefined, detail: Omit<LimadeskDetail, 'stage'> = {}): void {
    const event: HostAgentEvent = { time: this.now().toISOString(), status: { ...this.status } };
    if (stage) event.limadesk = { stage, ...detail };
    this.lastEvent = event;
    this.deps.writeEvent(formatEvent(event));
    this.api.publish(event);
  }

  /** Lima's port-forward event: the current status with `portForward` set. */
  private emitPortForward(portForward: PortForwardEvent): void {
    const event: HostAgentEvent = { time: this.now().toISOString(), status: { ...this.status, portForward } };
    this.deps.writeEvent(formatEvent(event));
    this.api.publish(event);
  }

  private checkStop(): void {
    if (this.stopRequestedFlag) throw new StopRequested();
  }

  /** Waits for `work`, giving up early if the VM dies or a stop is requested meanwhile. */
  private async whileAlive<T>(work: Promise<T>): Promise<T> {
    const vm = this.vm;
    const guards: Array<Promise<never>> = [this.stopRequested.then(() => Promise.reject(new StopRequested()))];
    if (vm) guards.push(vm.exited.then((exit) => Promise.reject(new VmExitedEarly(exit))));
    return Promise.race([work, ...guards]);
  }

  private async loadConfig(): Promise<FilledLimaYAML> {
    const file = path.join(this.dir, LimaYAML);
    const { config, issues } = await this.deps.loadConfig({ file, limaHome: this.options.limaHome, instanceDir: this.dir });
    for (const issue of issues.filter((i) => i.severity === 'warning')) this.logger.warn(formatIssue(issue));
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length > 0 || !config) {
      throw new Error(errors.length > 0 ? errors.map(formatIssue).join('\n') : `${file}: could not be loaded`);
    }
    return config;
  }

  private async boot(): Promise<void> {
    const { name, limaHome } = this.options;
    this.emit('agent-started', { message: `pid ${process.pid}` });
    const config = await this.loadConfig();
    this.config = config;
    this.sshLocalPort = await pickSshPort(config.ssh.localPort);
    this.sshUser = config.user?.name;
    this.checkStop();

    await prepareImage(this.dir, config, this.logger);
    const instance: DriverInstance = { name, dir: this.dir, limaHome, config, sshLocalPort: this.sshLocalPort };
    const driver = await this.deps.createDriver(config.vmType || 'qemu', instance, { logger: this.logger });
    this.driver = driver;
    // QEMU's capability probes, the disk and the seed (ssh.config, cidata.iso) are prepared side
    // by side: none needs another. The stages are still reported in their usual order.
    driver.warmUp?.();
    const sshPort = this.sshLocalPort;
    const seed = (async () => {
      await writeSshConfig({ name, dir: this.dir, limaHome, user: config.user?.name, port: sshPort });
      return writeCidata({ name, dir: this.dir, limaHome, config }, this.logger);
    })();
    // Awaited below; a disk failure first must not leave it an unhandled rejection.
    seed.catch(() => undefined);
    await driver.createDisk();
    this.emit('disks-ready');
    this.instanceId = (await seed).instanceId;
    this.emit('cidata-ready');
    await forgetVncDisplay(this.dir);
    this.checkStop();

    const vm = await driver.start();
    this.vm = vm;
    void vm.exited.then((exit) => (this.vmExit = exit));
    const argv = await processArgv(vm.pid);
    this.logger.info('VM process started', { pid: vm.pid, argv: argv ? JSON.stringify(argv) : undefined });
    this.emit('qemu-started', { qemuPid: vm.pid });

    if (config.video.display === 'vnc') {
      const vnc = await this.whileAlive(setUpVnc(this.dir, config.video.vnc.display, driver, this.logger));
      this.emit('vnc-ready', { message: `${vnc.host}:${vnc.display}` });
    }
    this.status = { sshLocalPort: this.sshLocalPort };
    this.emit(undefined);
    await this.whileAlive(this.deps.qmpAnswers(path.join(this.dir, QMPSock)));
    this.emit('qmp-ready');
    this.status = { running: true, sshLocalPort: this.sshLocalPort };
    this.emit(undefined);
    void this.watchSsh();
  }

  /**
   * SSH readiness comes after `running`: the guest may have no SSH server at all. Ready means
   * what Lima's first requirement means: the user's key is accepted and a command runs.
   */
  private async watchSsh(): Promise<void> {
    const interval = this.options.sshProbeIntervalMs ?? 3000;
    const signal = this.sshProbe.signal;
    let lastReason = '';
    while (!signal.aborted) {
      const result = await limaSshTarget({ limaHome: this.options.limaHome, port: this.sshLocalPort, user: this.sshUser })
        .then((target) => sshHandshake(target, { timeoutMs: 20_000, signal }))
        .catch((err: Error) => ({ ok: false as const, reason: err.message }));
      if (result.ok) {
        if (signal.aborted) return;
        this.emit('ssh-ready', { message: `127.0.0.1:${this.sshLocalPort}` });
        this.startGuestSession();
        return;
      }
      if (result.reason !== lastReason) this.logger.debug('SSH not ready yet', { reason: result.reason });
      lastReason = result.reason;
      await new Promise((resolve) => setTimeout(resolve, interval).unref());
    }
  }

  /**
   * Once the guest answers SSH: one connection, kept, for everything that talks to the guest
   * (port forwarding, requirements and probes, reverse-sshfs, copyToHost), then port
   * forwarding and the rest of Lima's boot, side by side.
   */
  private startGuestSession(): void {
    const config = this.config;
    if (!config || this.stopRequestedFlag) return;
    const target = { limaHome: this.options.limaHome, port: this.sshLocalPort, user: this.sshUser };
    const ssh = new SharedGuestSsh(async (signal) =>
      guestConnection(await connectSsh(await limaSshTarget(target), { signal, timeoutMs: 20_000, keepaliveIntervalMs: 10_000 })),
    );
    this.guestSsh = ssh;
    this.portForwarding = new PortForwarding({
      portForwards: config.portForwards ?? [],
      plain: config.plain === true,
      sshLocalPort: this.sshLocalPort,
      littleEndian: config.arch !== 's390x',
      connect: (signal) => ssh.lease(signal),
      logger: this.logger,
      emit: (event) => this.emitPortForward(event),
    });
    this.portForwarding.start();
    const timeoutMs = this.options.requirementTimeoutMs ?? 200 * REQUIREMENT_INTERVAL_MS;
    this.guestBoot = new GuestBoot({
      config,
      instanceId: this.instanceId,
      connect: (signal) => ssh.lease(signal),
      sftpServer: () => findSftpServer(),
      logger: this.logger,
      emit: (stage, detail) => this.emitGuestBoot(stage, detail),
      retryIntervalMs: Math.min(REQUIREMENT_INTERVAL_MS, timeoutMs),
      retryAttempts: Math.max(1, Math.ceil(timeoutMs / REQUIREMENT_INTERVAL_MS)),
    });
    void this.guestBoot.run().catch((err: Error) => this.logger.error('the guest boot routines failed', { error: err.message }));
  }

  /** A guest boot event; the last one (`ready`) carries Lima's degraded status when something failed. */
  private emitGuestBoot(stage: GuestBootStage, detail: { message: string; ok?: boolean }): void {
    if (stage === 'ready' && detail.ok === false && this.status.running) {
      this.status = { ...this.status, degraded: true, errors: [detail.message] };
    }
    this.emit(stage, detail);
  }

  /**
   * Mounts and forwards end before the VM does, so that sshfs unmounts and reverse sockets are
   * removed while the guest still answers; then the shared connection closes.
   */
  private async stopGuestSession(): Promise<void> {
    await this.guestBoot?.stop().catch((err: Error) => this.logger.warn('stopping the guest boot routines failed', { error: err.message }));
    const forwarding = this.portForwarding;
    if (forwarding) await forwarding.stop().catch((err: Error) => this.logger.warn('stopping port forwarding failed', { error: err.message }));
    this.guestSsh?.close();
  }

  private async superviseUntilExit(errors: string[]): Promise<void> {
    const vm = this.vm;
    if (!vm) return;
    await Promise.race([vm.exited, this.stopRequested]);
    if (this.vmExit === undefined) {
      await this.stopVmIfRunning();
    } else if (!this.stopRequestedFlag && (this.vmExit.code !== 0 || this.vmExit.signal)) {
      errors.push(`the VM process exited unexpectedly (${describeExit(this.vmExit)})`);
    }
  }

  private async stopVmIfRunning(): Promise<void> {
    const vm = this.vm;
    if (!vm || !this.driver) return;
    const exit = this.vmExit ?? (await Promise.race([vm.exited, Promise.resolve(undefined)]));
    if (!exit) {
      this.status = { ...this.status, running: false };
      this.emit('stopping');
      await this.stopGuestSession();
      try {
        await this.driver.stop({ timeoutMs: this.options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS });
      } catch (err) {
        this.logger.warn('driver stop failed; killing the VM process', { error: (err as Error).message, pid: vm.pid });
        try {
          process.kill(vm.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    await vm.exited;
  }

  private async cleanUp(errors: string[]): Promise<void> {
    this.sshProbe.abort();
    await this.stopGuestSession();
    if (this.vm) {
      const exit = await this.vm.exited;
      this.status = { ...this.status, running: false };
      this.emit('qemu-exited', { exitCode: exit.code, signal: exit.signal, qemuPid: this.vm.pid });
    }
    // readPidFile deletes qemu.pid only when its process is gone, so a VM that somehow
    // survived keeps its pid file and shows as Broken rather than silently Stopped.
    await readPidFile(path.join(this.dir, PIDFile('qemu'))).catch((err: Error) => this.logger.warn(err.message));
    // A QEMU that was killed leaves its listening sockets behind; nobody serves them any more.
    const leftovers = this.vm ? [QMPSock, SerialSock, SerialPCISock, SerialVirtioSock] : [];
    await removeQuietly([VNCDisplayFile, VNCPasswordFile, ...leftovers].map((f) => path.join(this.dir, f)));
    this.status = { exiting: true, errors };
    this.emit(undefined);
    await this.api.close();
    await removeQuietly([this.options.socketPath || path.join(this.dir, HostAgentSock), this.options.pidFile]);
    this.logger.info('host agent exiting', { errors: errors.length });
  }
}
