import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net, { type Socket } from 'node:net';
import path from 'node:path';
import type { Logger } from '../../../common/logger';
import { parseByteSize } from '../../config/units';
import type { ConfigIssue, FilledLimaYAML } from '../../config/types';
import { DataDisk, DisksDir, GuestAgentSock, LimaVersion, QemuPID } from '../../store/filenames';
import { readPidFile } from '../../store/pidfile';
import type { Driver, DriverInfo, DriverInstance, StartedVm, StopOptions } from '../driver';
import { cleanUpAfterExit, tidy } from './after-exit';
import { buildQemuArgv } from './argv';
import { ensureDisk, lockAdditionalDisks, prepareDisk, unlockAdditionalDisks } from './disk';
import { dataDiskFormat } from './disk-format';
import { qemuExecutable, resolveOnPath, type QemuExecutable } from './executable';
import { fillQemuConfig } from './fill-config';
import { startSwtpm, startVirtiofsd, stopChild } from './helpers';
import { detectHostFacts, type HostFacts } from './host-facts';
import { isExecutableFile, scanInstanceFiles } from './instance-files';
import { createMountDirs } from './mounts';
import { cachedQemuProbe } from './probe-cache';
import { execFileRunner, type Runner } from './runner';
import { checkQemuSigning, signQemu, type SigningAdvice } from './signing';
import { listSnapshots, snapshotOp, type SnapshotContext } from './snapshots';
import { spawnQemu } from './spawn-qemu';
import { stopQemu } from './stop';
import { validateForQemu } from './validate';
import { checkQemuVersion, parseQemuVersion, probeQemu } from './version';
import { findVirtiofsd, vhostUserDirs } from './virtiofsd';
import { setVncPassword, vncServicePort } from './vnc';

export interface QemuDriverDeps {
  logger: Logger;
  /** The host as argv sees it; detected once per driver when absent. */
  host?: HostFacts;
  runner?: Runner;
  env?: NodeJS.ProcessEnv;
  /** Where QEMU's probe answers are kept between starts (see probe-cache.ts); none: probe every start. */
  cacheDir?: string;
}

const SWTPM_GRACE_MS = 5000;

export class QemuDriver implements Driver {
  private readonly logger: Logger;
  private readonly runner: Runner;
  private readonly env: NodeJS.ProcessEnv;
  private readonly cacheDir: string | undefined;
  private hostFacts: Promise<HostFacts> | undefined;
  private probed: ReturnType<typeof probeQemu> | undefined;
  private helpers: ChildProcess[] = [];
  private swtpm: ChildProcess | undefined;
  private vm: StartedVm | undefined;

  constructor(
    private readonly instance: DriverInstance,
    deps: QemuDriverDeps,
  ) {
    this.logger = deps.logger;
    this.runner = deps.runner ?? execFileRunner;
    this.env = deps.env ?? process.env;
    this.cacheDir = deps.cacheDir;
    if (deps.host) this.hostFacts = Promise.resolve(deps.host);
  }

  private host(): Promise<HostFacts> {
    this.hostFacts ??= detectHostFacts();
    return this.hostFacts;
  }

  private get config(): FilledLimaYAML {
    return this.instance.config;
  }

  private executable(): QemuExecutable {
    return qemuExecutable(this.config.arch, this.env, this.logger);
  }

  info(): DriverInfo {
    return {
      name: 'qemu',
      vsockPort: 0,
      virtioPort: '',
      features: { dynamicSSHAddress: false, staticSSHPort: false, skipSocketForwarding: false, canRunGui: false },
      supportedImageFormats: ['qcow2', 'raw', 'vmdk', 'vhdx'],
    };
  }

  /**
   * macOS: whether QEMU lacks the hypervisor entitlement. A dialog (default Yes) decides;
   * on yes the caller runs signQemuBinary. Nothing here asks or blocks.
   */
  async signingAdvice(): Promise<SigningAdvice & { qemuPath: string }> {
    const qemuPath = resolveOnPath(this.executable().exe, this.env, isExecutableFile);
    return { ...(await checkQemuSigning(this.runner, await this.host(), this.config.arch, qemuPath)), qemuPath };
  }

  signQemuBinary(qemuPath: string): Promise<boolean> {
    return signQemu(this.runner, qemuPath, this.logger);
  }

  async validate(): Promise<ConfigIssue[]> {
    const host = await this.host();
    const exe = this.executable();
    const signing = await this.signingAdvice();
    for (const warning of signing.warnings) this.logger.warn(warning);
    let qemuVersion = '';
    const result = await this.runner(exe.exe, [...exe.prefixArgs, '--version']);
    try {
      qemuVersion = parseQemuVersion(result.stdout);
    } catch (err) {
      this.logger.warn('could not detect the QEMU version; skipping version checks', { error: (err as Error).message });
    }
    return validateForQemu({ config: this.config, host, qemuVersion, file: path.join(this.instance.dir, 'lima.yaml') });
  }

  fillConfig(config: FilledLimaYAML): { config: FilledLimaYAML; warnings: string[] } {
    return fillQemuConfig(config, process.platform, this.existingLimaVersion());
  }

  private existingLimaVersion(): string | undefined {
    const file = path.join(this.instance.dir, LimaVersion);
    try {
      // Synchronous on purpose: fillConfig is synchronous in the Driver contract.
      return readFileSync(file, 'utf8').trim();
    } catch (err) {
      // Absent: an instance made before Lima wrote the file. Anything else is worth a word.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn('cannot read the instance\'s Lima version; using the defaults of a new instance', { file, error: (err as Error).message });
      return undefined;
    }
  }

  async create(): Promise<void> {}

  warmUp(): void {
    // Errors surface from start(), which awaits the same promises.
    void this.host().catch(() => undefined);
    void this.probe().catch(() => undefined);
  }

  /** QEMU's version and capabilities, asked once per driver (start() and warmUp() share it). */
  private probe(): ReturnType<typeof probeQemu> {
    const executable = this.executable();
    this.probed ??= cachedQemuProbe(
      {
        file: this.cacheDir ? path.join(this.cacheDir, 'qemu-probes.json') : undefined,
        exePath: resolveOnPath(executable.exe, this.env, isExecutableFile),
        prefixArgs: executable.prefixArgs,
        arch: this.config.arch,
        logger: this.logger,
      },
      () => probeQemu(this.runner, executable.exe, executable.prefixArgs, this.config.arch),
    );
    return this.probed;
  }

  async createDisk(): Promise<void> {
    const bytes = parseByteSize(this.config.disk);
    await ensureDisk(this.instance.dir, bytes, this.runner, this.logger);
    await prepareDisk(this.instance.dir, bytes, this.runner, this.logger);
  }

  async start(): Promise<StartedVm> {
    const { dir, limaHome } = this.instance;
    const config = this.config;
    const host = await this.host();
    const executable = this.executable();
    const exePath = resolveOnPath(executable.exe, this.env, isExecutableFile);
    if (config.ssh.overVsock) this.logger.warn('field `ssh.overVsock` is not supported by the QEMU driver; using the forwarded SSH port');

    const probed = await this.probe();
    for (const warning of probed.warnings) this.logger.warn(warning);
    const verdict = checkQemuVersion(probed.features.version, host, config.vmOpts.qemu.minimumVersion);
    for (const warning of verdict.warnings) this.logger.warn(warning);
    if (verdict.errors.length > 0) throw new Error(verdict.errors.join('\n'));

    const diskFormats = new Map<string, string>();
    for (const disk of config.additionalDisks) {
      const name = typeof disk === 'string' ? disk : disk.name;
      const format = dataDiskFormat(path.join(limaHome, DisksDir, name, DataDisk));
      if (format) diskFormats.set(name, format);
    }
    const argv = buildQemuArgv(this.instance, { host, features: probed.features, executable, exePath, files: scanInstanceFiles(dir), diskFormats });
    for (const warning of argv.warnings) this.logger.warn(warning);

    await createMountDirs(config, host.homeDir);
    await lockAdditionalDisks(limaHome, dir, config.additionalDisks);
    try {
      if (config.mountType === 'virtiofs' && config.mounts.length > 0) {
        const binary = await findVirtiofsd(vhostUserDirs(host.homeDir, exePath), this.runner);
        this.helpers = await startVirtiofsd(binary, config, dir, host.homeDir, this.logger);
      }
      if (config.tpm) this.swtpm = await startSwtpm(dir, this.logger);
      this.vm = await spawnQemu(argv, dir, this.logger);
    } catch (err) {
      // The start failed: that error is the one to report; undoing the start is best effort.
      await tidy(this.logger, 'stop the helper processes (virtiofsd, swtpm)', () => this.stopHelpers());
      await tidy(this.logger, 'release the additional disks', () => unlockAdditionalDisks(limaHome, dir, config.additionalDisks));
      throw err;
    }
    const vm = this.vm;
    const exited = vm.exited.then(async (exit) => {
      this.logger.info('QEMU exited', { code: exit.code, signal: exit.signal });
      await cleanUpAfterExit({ instanceDir: dir, limaHome, additionalDisks: config.additionalDisks, stopHelpers: () => this.stopHelpers(), logger: this.logger });
      return exit;
    });
    return { pid: vm.pid, exited };
  }

  private async stopHelpers(): Promise<void> {
    for (const child of this.helpers) child.kill('SIGKILL');
    this.helpers = [];
    if (this.swtpm) await stopChild(this.swtpm, SWTPM_GRACE_MS);
    this.swtpm = undefined;
  }

  async stop(options: StopOptions = {}): Promise<void> {
    await stopQemu({
      instanceDir: this.instance.dir,
      logger: this.logger,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(this.vm ? { exited: this.vm.exited } : {}),
      stopHelpers: () => this.stopHelpers(),
    });
  }

  changeDisplayPassword(password: string): Promise<void> {
    return setVncPassword(this.instance.dir, password, this.logger);
  }

  displayConnection(): Promise<string> {
    return vncServicePort(this.instance.dir, this.logger);
  }

  private async snapshotContext(): Promise<SnapshotContext> {
    const pidFile = path.join(this.instance.dir, QemuPID);
    const pid = await readPidFile(pidFile).catch((err: unknown) => {
      this.logger.warn('cannot read QEMU\'s pid file; treating the VM as stopped', { file: pidFile, error: (err as Error).message });
      return 0;
    });
    return { instanceDir: this.instance.dir, running: pid > 0, runner: this.runner, logger: this.logger };
  }

  async createSnapshot(tag: string): Promise<void> {
    await snapshotOp('create', tag, await this.snapshotContext());
  }

  async applySnapshot(tag: string): Promise<void> {
    await snapshotOp('apply', tag, await this.snapshotContext());
  }

  async deleteSnapshot(tag: string): Promise<void> {
    await snapshotOp('delete', tag, await this.snapshotContext());
  }

  async listSnapshots(): Promise<string> {
    return listSnapshots(await this.snapshotContext());
  }

  guestAgentConn(): Promise<Socket> {
    const sock = path.join(this.instance.dir, GuestAgentSock);
    return new Promise((resolve, reject) => {
      const socket = net.createConnection(sock);
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  sshAddress(): string {
    return '127.0.0.1';
  }
}
