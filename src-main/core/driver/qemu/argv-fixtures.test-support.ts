import { filledConfig } from '../../config/filled-config.test-support';
import type { FilledLimaYAML } from '../../config/types';
import type { DriverInstance } from '../driver';
import type { ArgvContext } from './argv';
import type { HostFacts } from './host-facts';
import type { QemuFeatures } from './version';

export const I = '/home/u/.lima/default';
export const L = '/home/u/.lima';

/** The argv tests' guest: Lima's defaults with the home directory mounted read-only over 9p. */
export function config(overrides: Partial<FilledLimaYAML> = {}): FilledLimaYAML {
  return filledConfig({ mounts: [{ location: '~', writable: false, '9p': { securityModel: 'none' } }], ...overrides });
}

export function instance(cfg: FilledLimaYAML): DriverInstance {
  return { name: 'default', dir: I, limaHome: L, config: cfg, sshLocalPort: 60022 };
}

export const linuxKvm: HostFacts = { os: 'linux', arch: 'x86_64', hvSupport: false, kvmAccess: true, macosVersion: '', featSME: false, machineId: 'abc123', homeDir: '/home/u' };
export const linuxNoKvm: HostFacts = { ...linuxKvm, kvmAccess: false };
export const macArm: HostFacts = { os: 'darwin', arch: 'aarch64', hvSupport: true, kvmAccess: false, macosVersion: '14.5', featSME: false, machineId: 'MAC-UUID', homeDir: '/Users/u' };
export const macIntel: HostFacts = { ...macArm, arch: 'x86_64' };

export const features: QemuFeatures = {
  version: '8.2.2',
  accelHelp: 'Accelerators supported in QEMU binary:\ntcg\nkvm\nhvf\n',
  netdevHelp: 'Available netdev backend types:\nsocket\nstream\ndgram\nuser\n',
  machineHelp: '',
  cpuHelp: 'x86 Haswell-v4  Intel Core Processor (Haswell)\nx86 host\n',
};

export function context(host: HostFacts, existing: string[], extra: Partial<ArgvContext> = {}): ArgvContext {
  // Lima always writes cidata.iso before QEMU starts.
  const set = new Set([`${I}/cidata.iso`, ...existing]);
  return {
    host,
    features,
    executable: { exe: 'qemu-system-x86_64', prefixArgs: [] },
    exePath: '/usr/bin/qemu-system-x86_64',
    files: { exists: (f) => set.has(f) },
    ...extra,
  };
}
