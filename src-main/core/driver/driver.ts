import type { Socket } from 'node:net';
import type { Logger } from '../../common/logger';
import type { ConfigIssue, FilledLimaYAML } from '../config/types';

/**
 * The driver contract, modelled on Lima's `pkg/driver/driver.go`. The host agent drives a VM
 * only through this interface; everything QEMU-specific lives under driver/qemu/.
 */

export interface DriverInstance {
  name: string;
  /** The instance directory, `$LIMA_HOME/<name>`. */
  dir: string;
  limaHome: string;
  config: FilledLimaYAML;
  /** The SSH port forwarded to the guest's port 22 (already chosen, never 0 here). */
  sshLocalPort: number;
}

export interface DriverFeatures {
  dynamicSSHAddress: boolean;
  staticSSHPort: boolean;
  skipSocketForwarding: boolean;
  canRunGui: boolean;
}

export interface DriverInfo {
  name: string;
  vsockPort: number;
  virtioPort: string;
  features: DriverFeatures;
  supportedImageFormats: string[];
}

/** How a started VM ends: exit code or signal, as the child process reports it. */
export interface VmExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartedVm {
  pid: number;
  /** Settles once when the VM process is gone (it never rejects). */
  exited: Promise<VmExit>;
}

export interface StopOptions {
  /** How long to wait for the guest to act on the ACPI power button before killing (default 3 min). */
  timeoutMs?: number;
}

export interface Driver {
  info(): DriverInfo;
  /** Checks that this driver can run the config on this host; errors and warnings with positions where known. */
  validate(): Promise<ConfigIssue[]>;
  /** Applies driver-specific defaults (vmType, VNC display, cpuType migration, mount type). */
  fillConfig(config: FilledLimaYAML): { config: FilledLimaYAML; warnings: string[] };
  /** Runs once at create; idempotent. */
  create(): Promise<void>;
  /** Makes `<I>/disk` from `<I>/image` (or `iso`) and grows it to `disk:`. */
  createDisk(): Promise<void>;
  /**
   * Begins what start() will need and can learn ahead (QEMU's capabilities, the host's
   * facts) while the host agent prepares disks and the seed; optional, never throws.
   */
  warmUp?(): void;
  start(): Promise<StartedVm>;
  stop(options?: StopOptions): Promise<void>;
  changeDisplayPassword(password: string): Promise<void>;
  /** The VNC TCP port QEMU actually listens on, from QMP `query-vnc`. */
  displayConnection(): Promise<string>;
  createSnapshot(tag: string): Promise<void>;
  applySnapshot(tag: string): Promise<void>;
  deleteSnapshot(tag: string): Promise<void>;
  /** The human table (`ID TAG VM SIZE DATE VM CLOCK ICOUNT`), as Lima prints it. */
  listSnapshots(): Promise<string>;
  guestAgentConn(): Promise<Socket>;
  sshAddress(): string;
}

export interface DriverDeps {
  logger: Logger;
  /** A directory the driver may keep what it learns of the host's tools in, between runs. */
  cacheDir?: string;
}

/**
 * What the instance domain needs of an image tool outside any one VM: making, growing and
 * reading disk images (Lima's `_disks`), and re-pointing an overlay at a moved backing file.
 */
export interface DiskImageTool {
  create(file: string, format: 'qcow2' | 'raw', bytes: number): Promise<void>;
  resize(file: string, format: string, bytes: number): Promise<void>;
  info(file: string): Promise<{ format: string; virtualSize: number; backingFilename?: string }>;
  /** Records a new backing file name in `file` without touching data (both images stay as they are). */
  setBackingFile(file: string, backing: string, backingFormat: string): Promise<void>;
}
