import { rm } from 'node:fs/promises';
import type { Logger } from '../../../common/logger';
import { BOOT_REPORT_PATH, describeScript, parseBootReport } from '../../cidata/boot-report';
import type { FilledLimaYAML } from '../../config/types';
import type { GuestConnection } from '../../ssh/guest-connection';
import { MountError, ReverseSshfsMount } from '../mounts/reverse-sshfs';
import { copyToHost } from './copy-to-host';
import { runGuestScript } from './guest-script';
import { essentialRequirements, finalRequirements, probeRequirements, type Requirement } from './requirements';

/** The boot stages this part of the agent reports (see events.ts). */
export type GuestBootStage = 'requirement' | 'probe' | 'mount' | 'script' | 'copy-to-host' | 'ready';

export interface GuestBootOptions {
  config: FilledLimaYAML;
  /** This boot's instance id, which the guest's readiness markers must hold. */
  instanceId: string;
  /** A lease on the agent's SSH connection to the guest. */
  connect(signal: AbortSignal): Promise<GuestConnection>;
  /** The host's OpenSSH sftp-server, for reverse-sshfs; undefined when there is none. */
  sftpServer(): string | undefined;
  logger: Logger;
  /** A boot event: `ok` is absent while something is being waited for. */
  emit(stage: GuestBootStage, detail: { message: string; ok?: boolean }): void;
  /** Lima tries each requirement 200 times, 3 s apart. */
  retryIntervalMs?: number;
  retryAttempts?: number;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    timer.unref();
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

/** The tail of a script's stderr for an error message: the end says why. */
function tail(text: string, max = 600): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `…${trimmed.slice(-max)}` : trimmed;
}

/**
 * What Lima's host agent does once the guest answers SSH, before it calls the instance ready:
 * wait for the essential requirements, mount reverse-sshfs shares, run the readiness probes,
 * wait for the boot scripts to finish, report each script's exit and each guest-side mount,
 * and copy files to the host. Nothing here stops the instance: a failure is reported (an event
 * and a log line) and the list of them is the result, as Lima's "degraded" errors.
 */
export class GuestBoot {
  private readonly abort = new AbortController();
  private readonly mounts: ReverseSshfsMount[] = [];
  private readonly copied: string[] = [];
  private running: Promise<string[]> | undefined;

  constructor(private readonly options: GuestBootOptions) {}

  run(): Promise<string[]> {
    this.running ??= this.runAll();
    return this.running;
  }

  /** Stops waiting, unmounts, and removes copies marked deleteOnStop. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running?.catch(() => undefined);
    for (const mount of this.mounts.splice(0).reverse()) {
      await mount.unmount().catch((err: Error) => this.options.logger.warn('unmounting failed', { mountPoint: mount.spec.mountPoint, error: err.message }));
    }
    for (const file of this.copied.splice(0)) {
      this.options.logger.info(`Deleting ${file}`);
      await rm(file, { recursive: true, force: true }).catch((err: Error) => this.options.logger.warn('deleting a copied file failed', { file, error: err.message }));
    }
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async runAll(): Promise<string[]> {
    const { config, instanceId } = this.options;
    const errors: string[] = [];
    await this.waitForAll('essential', essentialRequirements(config, instanceId), errors);
    if (config.mountType === 'reverse-sshfs' && !config.plain) await this.mountAll(errors);
    await this.waitForAll('optional', probeRequirements(config), errors);
    await this.waitForAll('final', finalRequirements(config, instanceId), errors);
    await this.reportGuestBoot(errors);
    await this.copyAll(errors);
    if (this.stopped) return errors;
    this.options.emit('ready', errors.length > 0
      ? { ok: false, message: `the guest booted with ${errors.length} problem${errors.length > 1 ? 's' : ''}: ${errors.join('; ')}` }
      : { ok: true, message: 'the guest finished booting' });
    return errors;
  }

  private async withConnection<T>(work: (connection: GuestConnection) => Promise<T>): Promise<T> {
    const connection = await this.options.connect(this.abort.signal);
    try {
      return await work(connection);
    } finally {
      connection.end();
    }
  }

  private async waitForAll(label: Requirement['round'], requirements: Requirement[], errors: string[]): Promise<void> {
    for (const [i, requirement] of requirements.entries()) {
      if (this.stopped) return;
      const error = await this.waitFor(label, i + 1, requirements.length, requirement);
      if (error) errors.push(error);
    }
  }

  /** Lima's requirement loop: the script until it succeeds, or the attempts run out. Undefined when satisfied. */
  private async waitFor(label: string, n: number, count: number, requirement: Requirement): Promise<string | undefined> {
    const { logger, emit } = this.options;
    const stage = requirement.probe ? 'probe' : 'requirement';
    const waiting = `Waiting for the ${label} requirement ${n} of ${count}: "${requirement.description}"`;
    logger.info(waiting);
    emit(stage, { message: waiting });
    const attempts = this.options.retryAttempts ?? 200;
    let lastError = '';
    for (let attempt = 1; attempt <= attempts && !this.stopped; attempt++) {
      try {
        const result = await this.withConnection((c) => runGuestScript(c, requirement.script, this.options.config.param));
        if (result.code === 0) {
          const satisfied = `The ${label} requirement ${n} of ${count} is satisfied: "${requirement.description}"`;
          logger.info(satisfied);
          emit(stage, { ok: true, message: satisfied });
          return undefined;
        }
        lastError = `exit code ${String(result.code)}${result.stderr.trim() ? `, stderr=${JSON.stringify(tail(result.stderr))}` : ''}`;
      } catch (err) {
        lastError = (err as Error).message;
      }
      if (attempt < attempts) await sleep(this.options.retryIntervalMs ?? 3000, this.abort.signal);
    }
    if (this.stopped) return undefined;
    const hint = requirement.hint.trim() ? `${requirement.hint.trim()}: ` : '';
    const failed = `failed to satisfy the ${label} requirement ${n} of ${count} "${requirement.description}": ${hint}${lastError}`;
    logger.warn(failed);
    emit(stage, { ok: false, message: failed });
    return failed;
  }

  private async mountAll(errors: string[]): Promise<void> {
    const { config, logger, emit } = this.options;
    const sftpServer = this.options.sftpServer();
    for (const mount of config.mounts) {
      if (this.stopped) return;
      const spec = {
        location: mount.location ?? '',
        mountPoint: mount.mountPoint ?? mount.location ?? '',
        writable: mount.writable === true,
        cache: mount.sshfs?.cache !== false,
        followSymlinks: mount.sshfs?.followSymlinks === true,
      };
      const what = `"${spec.location}" on "${spec.mountPoint}" (reverse-sshfs, ${spec.writable ? 'writable' : 'read-only'})`;
      if (!sftpServer) {
        const why = `failed to mount ${what}: no OpenSSH sftp-server on the host (install openssh-server or openssh-sftp-server)`;
        logger.warn(why);
        emit('mount', { ok: false, message: why });
        errors.push(why);
        continue;
      }
      if (mount.sshfs?.sftpDriver === 'builtin') logger.warn('the builtin SFTP driver is not available; serving the mount with OpenSSH\'s sftp-server', { mountPoint: spec.mountPoint });
      const sshfs = new ReverseSshfsMount(spec, { sftpServer, logger });
      try {
        // The mount lives as long as the shared connection it rides on: not a lease that ends here.
        const connection = await this.options.connect(this.abort.signal);
        await sshfs.mount(connection);
        this.mounts.push(sshfs);
        void connection.ended.then(() => {
          if (!this.stopped) logger.warn(`the SSH connection that carried the mount of "${spec.location}" on "${spec.mountPoint}" ended; the mount is gone until the instance restarts`);
        });
        emit('mount', { ok: true, message: `Mounted ${what}` });
      } catch (err) {
        const why = err instanceof MountError ? err.message : `failed to mount ${what}: ${(err as Error).message}`;
        logger.warn(why);
        emit('mount', { ok: false, message: why });
        errors.push(why);
      }
    }
  }

  /** The boot scripts' own report: each script's exit, and the 9p/virtiofs shares the guest mounted or could not. */
  private async reportGuestBoot(errors: string[]): Promise<void> {
    const { config, logger, emit } = this.options;
    if (this.stopped || config.os !== 'Linux') return;
    let text: string;
    try {
      const result = await this.withConnection((c) => c.run(['cat', BOOT_REPORT_PATH]));
      if (result.code !== 0) {
        logger.warn('the guest has no boot report', { file: BOOT_REPORT_PATH, error: result.stderr.trim() });
        return;
      }
      text = result.stdout;
    } catch (err) {
      logger.warn('reading the guest\'s boot report failed', { error: (err as Error).message });
      return;
    }
    const mountTypes = new Map(config.mounts.map((m) => [m.mountPoint ?? m.location ?? '', config.mountType]));
    for (const entry of parseBootReport(text)) {
      if (entry.kind === 'script') {
        const message = describeScript(entry);
        if (entry.exitCode === 0) logger.info(message);
        else {
          logger.warn(message);
          errors.push(message);
        }
        emit('script', { ok: entry.exitCode === 0, message });
      } else {
        const type = mountTypes.get(entry.mountPoint) ?? 'mount';
        const location = config.mounts.find((m) => (m.mountPoint ?? m.location) === entry.mountPoint)?.location ?? '?';
        const message = entry.ok
          ? `Mounted "${location}" on "${entry.mountPoint}" (${type})`
          : `failed to mount "${location}" on "${entry.mountPoint}" (${type}): ${entry.reason || 'no reason given'}`;
        if (entry.ok) logger.info(message);
        else {
          logger.warn(message);
          errors.push(message);
        }
        emit('mount', { ok: entry.ok, message });
      }
    }
  }

  private async copyAll(errors: string[]): Promise<void> {
    const { config, logger, emit } = this.options;
    for (const rule of config.copyToHost ?? []) {
      if (this.stopped) return;
      if (!rule.guest || !rule.host) continue;
      logger.info(`Copying config from ${rule.guest} to ${rule.host}`);
      try {
        const outcome = await this.withConnection((c) => copyToHost(c, { guest: rule.guest ?? '', host: rule.host ?? '', skipIfMissing: rule.skipIfMissing === true }));
        if (rule.deleteOnStop) this.copied.push(rule.host);
        const message = outcome.copied ? `Copied ${rule.guest} to ${rule.host} (${outcome.bytes} bytes)` : `Skipped missing ${rule.guest} (no such file or directory)`;
        logger.info(message);
        emit('copy-to-host', { ok: true, message });
      } catch (err) {
        const message = (err as Error).message;
        logger.warn(message);
        emit('copy-to-host', { ok: false, message });
        errors.push(message);
      }
    }
  }
}
