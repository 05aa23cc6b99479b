/**
 * Facts about the machine Limadesk runs on that lima.yaml defaults depend on. Detected
 * once by `detectHost()`; everything downstream takes a `HostInfo` so that tests can pin
 * the host and get the same defaults on every machine.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Arch } from './types';

export interface HostInfo {
  os: NodeJS.Platform;
  /** Host CPU architecture in Lima's naming (`x86_64`, `aarch64`, …). */
  arch: Arch;
  cpus: number;
  memoryBytes: number;
  homeDir: string;
  userName: string;
  uid: number;
  /** IANA zone name such as `Europe/Berlin`; '' when it cannot be found. */
  timezone: string;
  /** Seeds the derived MAC addresses, so that they differ between hosts. */
  machineId?: string;
  /** os.tmpdir() at detection: templates' `{{.TempDir}}`, read once per listing rather than per instance. */
  tempDir?: string;
}

const NODE_TO_LIMA_ARCH: Readonly<Partial<Record<string, Arch>>> = {
  x64: 'x86_64',
  arm64: 'aarch64',
  arm: 'armv7l',
  // Node calls little-endian POWER `ppc64`; Lima only supports the little-endian flavour.
  ppc64: 'ppc64le',
  riscv64: 'riscv64',
  s390x: 's390x',
};

/** Map Node's `process.arch` to Lima's arch name; throws for hosts Lima has no name for. */
export function limaArchFromNode(nodeArch: string): Arch {
  const arch = NODE_TO_LIMA_ARCH[nodeArch];
  if (arch === undefined) {
    throw new Error(`unsupported host architecture "${nodeArch}"`);
  }
  return arch;
}

export interface HostProbePaths {
  /** Directory holding `timezone`, `localtime` and `machine-id`; `/etc` on a real host. */
  etcDir: string;
  /** Fallback location of the machine id used by older dbus setups. */
  dbusMachineIdFile: string;
}

const REAL_PATHS: HostProbePaths = {
  etcDir: '/etc',
  dbusMachineIdFile: '/var/lib/dbus/machine-id',
};

export function detectHost(paths: HostProbePaths = REAL_PATHS): HostInfo {
  const user = os.userInfo();
  const machineId = readMachineId(paths) ?? os.hostname();
  return {
    os: process.platform,
    arch: limaArchFromNode(process.arch),
    cpus: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    homeDir: os.homedir(),
    userName: user.username,
    uid: user.uid,
    timezone: detectTimezone(paths.etcDir),
    tempDir: os.tmpdir(),
    ...(machineId ? { machineId } : {}),
  };
}

/**
 * The host's zone name. `/etc/timezone` wins when present (Debian writes it); otherwise
 * the zone is read off the path the `/etc/localtime` symlink resolves to.
 */
export function detectTimezone(etcDir: string): string {
  const fromFile = readTrimmed(path.join(etcDir, 'timezone'));
  if (fromFile !== undefined) {
    return fromFile;
  }
  let zoneinfoFile: string;
  try {
    zoneinfoFile = realpathSync(path.join(etcDir, 'localtime'));
  } catch {
    return '';
  }
  return timezoneFromZoneinfoPath(zoneinfoFile, (candidate) => isFile(candidate));
}

/**
 * The zone database root is the nearest ancestor holding `Etc/UTC`; the zone name is the
 * rest of the path. Walking up instead of assuming `/usr/share/zoneinfo` also covers
 * macOS's `/var/db/timezone/zoneinfo` and NixOS store paths.
 */
export function timezoneFromZoneinfoPath(zoneinfoFile: string, exists: (file: string) => boolean): string {
  let baseDir = path.dirname(zoneinfoFile);
  while (baseDir !== path.dirname(baseDir)) {
    if (exists(path.join(baseDir, 'Etc', 'UTC'))) {
      return path.relative(baseDir, zoneinfoFile).split(path.sep).join('/');
    }
    baseDir = path.dirname(baseDir);
  }
  return '';
}

function readMachineId(paths: HostProbePaths): string | undefined {
  for (const file of [path.join(paths.etcDir, 'machine-id'), paths.dbusMachineIdFile]) {
    const id = readTrimmed(file);
    if (id) {
      return id;
    }
  }
  return undefined;
}

function readTrimmed(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
