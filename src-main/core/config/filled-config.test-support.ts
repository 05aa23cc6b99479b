import type { FilledLimaYAML } from './types';

/**
 * A complete, filled lima.yaml for tests of what consumes one (the QEMU argv, the cloud-init
 * seed): Lima's defaults for an x86_64 Linux guest with no mounts, overridden field by field.
 * The tests of the defaults themselves spell their expected values out instead.
 */
export function filledConfig(overrides: Partial<FilledLimaYAML> = {}): FilledLimaYAML {
  return {
    vmType: 'qemu',
    os: 'Linux',
    arch: 'x86_64',
    images: [],
    cpus: 4,
    memory: '4GiB',
    disk: '100GiB',
    additionalDisks: [],
    mounts: [],
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
