import type { FilledLimaYAML } from '../../config/types';
import type { DriverInstance } from '../driver';
import type { ArgvContext } from './argv';
import type { HostFacts } from './host-facts';
import type { QemuFeatures } from './version';

export const I = '/home/u/.lima/default';
export const L = '/home/u/.lima';

export function config(overrides: Partial<FilledLimaYAML> = {}): FilledLimaYAML {
  return {
    vmType: 'qemu',
    os: 'Linux',
    arch: 'x86_64',
    images: [],
    cpus: 4,
    memory: '4GiB',
    disk: '100GiB',
    additionalDisks: [],
    mounts: [{ location: '~', writable: false, '9p': { securityModel: 'none' } }],
    mountType: '9p',
    mountTypesUnsupported: [],
    mountInotify: false,
    ssh: { localPort: 0, loadDotSSHPubKeys: false, forwardAgent: false, forwardX11: false, forwardX11Trusted: false, overVsock: false },
    firmware: { legacyBIOS: false, images: [] },
    audio: { device: '', interface: '' },
    video: { display: 'none', vnc: { display: '127.0.0.1:0,to=9' } },
    networks: [],
    portForwards: [],
    provision: [],
    probes: [],
    vmOpts: { qemu: {} },
    plain: false,
    tpm: false,
    ...overrides,
  };
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
