import { execFile } from 'node:child_process';
import { access, constants, readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Arch } from '../../config/types';

/**
 * Everything about the host that changes the QEMU command line. Argv building reads only
 * this record, so a table of hosts can be tested on any machine.
 */
export interface HostFacts {
  os: 'linux' | 'darwin' | 'windows' | 'netbsd' | 'other';
  /** The host CPU in Lima's arch names. */
  arch: Arch;
  /** macOS `kern.hv_support` = 1. */
  hvSupport: boolean;
  /** Linux: /dev/kvm can be opened for reading and writing (and, on x86, the CPU has VMX/SVM). */
  kvmAccess: boolean;
  /** macOS product version, e.g. "14.5"; "" elsewhere. */
  macosVersion: string;
  /** macOS `hw.optional.arm.FEAT_SME` = 1 (Apple M4 and later). */
  featSME: boolean;
  machineId: string;
  homeDir: string;
}

function hostArch(nodeArch: string): Arch {
  switch (nodeArch) {
    case 'arm64': return 'aarch64';
    case 'arm': return 'armv7l';
    case 'ppc64': return 'ppc64le';
    case 'riscv64': return 'riscv64';
    case 's390x': return 's390x';
    default: return 'x86_64';
  }
}

function hostOs(platform: NodeJS.Platform): HostFacts['os'] {
  if (platform === 'linux' || platform === 'darwin' || platform === 'netbsd') return platform;
  if (platform === 'win32') return 'windows';
  return 'other';
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 5000 }, (error, stdout) => resolve(error ? '' : String(stdout).trim()));
  });
}

async function linuxMachineId(): Promise<string> {
  for (const file of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      const id = (await readFile(file, 'utf8')).trim();
      if (id) return id;
    } catch {
      // try the next source
    }
  }
  return os.hostname();
}

async function darwinMachineId(): Promise<string> {
  const plist = await run('ioreg', ['-a', '-d2', '-c', 'IOPlatformExpertDevice']);
  const match = /<key>IOPlatformUUID<\/key>\s*<string>([^<]+)<\/string>/.exec(plist);
  return match?.[1] ?? os.hostname();
}

/**
 * Lima only stats /dev/kvm. Some sandboxes expose a /dev/kvm on CPUs without VMX/SVM, where
 * `accel=kvm` starts but never boots a guest; on x86 the CPU flags are checked as well.
 */
async function canUseKvm(): Promise<boolean> {
  try {
    await access('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return false;
  }
  if (process.arch !== 'x64') return true;
  try {
    return /^flags\s*:.*\b(vmx|svm)\b/m.test(await readFile('/proc/cpuinfo', 'utf8'));
  } catch {
    return true;
  }
}

export async function detectHostFacts(): Promise<HostFacts> {
  const platform = hostOs(process.platform);
  const facts: HostFacts = {
    os: platform,
    arch: hostArch(process.arch),
    hvSupport: false,
    kvmAccess: false,
    macosVersion: '',
    featSME: false,
    machineId: '',
    homeDir: os.homedir(),
  };
  if (platform === 'darwin') {
    facts.hvSupport = (await run('sysctl', ['-n', 'kern.hv_support'])) === '1';
    facts.featSME = (await run('sysctl', ['-n', 'hw.optional.arm.FEAT_SME'])) === '1';
    facts.macosVersion = await run('sw_vers', ['-productVersion']);
    facts.machineId = await darwinMachineId();
  } else if (platform === 'linux') {
    facts.kvmAccess = await canUseKvm();
    facts.machineId = await linuxMachineId();
  } else {
    facts.machineId = os.hostname();
  }
  return facts;
}
