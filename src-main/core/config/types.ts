import type { ApiIssue } from '../../common/api';
/**
 * Every field of Lima's `lima.yaml` (Lima v2.x `LimaYAML`). All fields are optional in a
 * document as written; `FilledLimaYAML` is the shape after defaults. Fields Limadesk does
 * not act on (vz options, containerd, provision…) are still typed so that they are
 * recognised, validated where Lima validates them, and round-trip untouched.
 */

export const ARCHES = ['x86_64', 'aarch64', 'armv7l', 'ppc64le', 'riscv64', 's390x'] as const;
export type Arch = (typeof ARCHES)[number];

export const OS_TYPES = ['Linux', 'Darwin', 'FreeBSD', 'Windows'] as const;
export type OSType = (typeof OS_TYPES)[number];

export const VM_TYPES = ['qemu', 'vz', 'wsl2', 'krunkit'] as const;
export type VMType = (typeof VM_TYPES)[number] | (string & {});

export const MOUNT_TYPES = ['reverse-sshfs', '9p', 'virtiofs', 'wsl2'] as const;
export type MountType = (typeof MOUNT_TYPES)[number];

export const PROVISION_MODES = ['system', 'user', 'boot', 'dependency', 'data', 'yq', 'ansible'] as const;
export type ProvisionMode = (typeof PROVISION_MODES)[number];

export const PROTOS = ['any', 'tcp', 'udp'] as const;
export type Proto = (typeof PROTOS)[number];

/** A template or script locator (`base`, provision and probe `file`); the string form means `{url}`. */
export interface LocatorWithDigest {
  url?: string;
  /** Not implemented by Lima yet: a digest is rejected. */
  digest?: string;
}

/** A downloadable file: image, kernel, initrd, firmware, archive. */
export interface File {
  location?: string;
  arch?: Arch;
  digest?: string;
}

export interface Kernel extends File {
  cmdline?: string;
}

export interface Image extends File {
  kernel?: Kernel;
  initrd?: File;
  variant?: string;
  archVariant?: string;
}

export interface FirmwareImage extends File {
  vmType?: VMType;
}

export interface Firmware {
  legacyBIOS?: boolean;
  images?: FirmwareImage[];
}

export interface Disk {
  name: string;
  format?: boolean;
  fsType?: string;
  fsArgs?: string[];
}

/** `additionalDisks[]` accepts a bare name or the object form. */
export type AdditionalDisk = string | Disk;

export interface SSHFS {
  cache?: boolean;
  followSymlinks?: boolean;
  sftpDriver?: string;
}

export interface NineP {
  securityModel?: string;
  protocolVersion?: string;
  msize?: string;
  cache?: string;
}

export interface Virtiofs {
  queueSize?: number;
}

export interface Mount {
  location?: string;
  mountPoint?: string;
  writable?: boolean;
  sshfs?: SSHFS;
  '9p'?: NineP;
  virtiofs?: Virtiofs;
}

export interface SSH {
  localPort?: number;
  loadDotSSHPubKeys?: boolean;
  forwardAgent?: boolean;
  forwardX11?: boolean;
  forwardX11Trusted?: boolean;
  overVsock?: boolean;
}

export interface Audio {
  device?: string;
  interface?: string;
}

export interface VNCOptions {
  display?: string;
}

export interface Video {
  display?: string;
  vnc?: VNCOptions;
}

export interface ProvisionData {
  content?: string;
  overwrite?: boolean;
  owner?: string;
  path?: string;
  permissions?: string;
}

export interface Provision extends ProvisionData {
  mode?: ProvisionMode;
  script?: string;
  file?: LocatorWithDigest | string;
  skipDefaultDependencyResolution?: boolean;
  expression?: string;
  format?: string;
  playbook?: string;
}

export interface Probe {
  mode?: 'readiness';
  description?: string;
  script?: string;
  file?: LocatorWithDigest | string;
  hint?: string;
}

export interface Containerd {
  system?: boolean;
  user?: boolean;
  archives?: File[];
}

export interface PortForward {
  guestIPMustBeZero?: boolean;
  guestIP?: string;
  guestPort?: number;
  guestPortRange?: [number, number];
  guestSocket?: string;
  hostIP?: string;
  hostPort?: number;
  hostPortRange?: [number, number];
  hostSocket?: string;
  proto?: Proto;
  reverse?: boolean;
  ignore?: boolean;
  static?: boolean;
}

export interface CopyToHost {
  guest?: string;
  host?: string;
  /** Do not fail when the guest file does not exist (yet). */
  skipIfMissing?: boolean;
  deleteOnStop?: boolean;
}

export interface Network {
  lima?: string;
  socket?: string;
  vzNAT?: boolean;
  macAddress?: string;
  interface?: string;
  metric?: number;
}

export interface HostResolver {
  enabled?: boolean;
  ipv6?: boolean;
  hosts?: Record<string, string>;
}

export interface CACertificates {
  removeDefaults?: boolean;
  files?: string[];
  certs?: string[];
}

export interface User {
  name?: string;
  comment?: string;
  home?: string;
  shell?: string;
  uid?: number;
}

/** `arch → CPU model`, e.g. `{ x86_64: 'Haswell-v4' }`. */
export type CPUType = Partial<Record<Arch, string>>;

export interface QEMUOpts {
  minimumVersion?: string;
  cpuType?: CPUType;
}

export interface VZOpts {
  rosetta?: { enabled?: boolean; binfmt?: boolean };
  diskImageFormat?: string;
}

export interface VMOpts {
  qemu?: QEMUOpts;
  vz?: VZOpts;
  [driver: string]: unknown;
}

export interface WindowsOpts {
  /** virtio-win driver ISOs, per architecture. */
  virtioWin?: File[];
}

/** Options per guest OS (`osOpts.Windows`, …). */
export interface OSOpts {
  Windows?: WindowsOpts;
  [os: string]: unknown;
}

export interface LimaYAML {
  base?: string | Array<string | LocatorWithDigest>;
  minimumLimaVersion?: string;
  vmType?: VMType;
  vmOpts?: VMOpts;
  os?: OSType;
  arch?: Arch | 'default';
  images?: Image[];
  /** Deprecated: migrated into `vmOpts.qemu.cpuType`. */
  cpuType?: CPUType;
  cpus?: number;
  memory?: string;
  disk?: string;
  additionalDisks?: AdditionalDisk[];
  mounts?: Mount[];
  mountTypesUnsupported?: string[];
  mountType?: MountType | 'default' | '';
  mountInotify?: boolean;
  ssh?: SSH;
  firmware?: Firmware;
  audio?: Audio;
  video?: Video;
  provision?: Provision[];
  upgradePackages?: boolean;
  containerd?: Containerd;
  guestInstallPrefix?: string;
  probes?: Probe[];
  portForwards?: PortForward[];
  copyToHost?: CopyToHost[];
  message?: string;
  networks?: Network[];
  env?: Record<string, string>;
  param?: Record<string, string>;
  dns?: string[];
  hostResolver?: HostResolver;
  propagateProxyEnv?: boolean;
  caCerts?: CACertificates;
  /** Deprecated: `vmOpts.vz.rosetta`; QEMU ignores it. */
  rosetta?: { enabled?: boolean; binfmt?: boolean };
  plain?: boolean;
  timezone?: string;
  nestedVirtualization?: boolean;
  user?: User & { passwordlessSudo?: boolean };
  tpm?: boolean;
  osOpts?: OSOpts;
}

/**
 * The config after defaults: the fields the driver relies on are present. Memory and
 * disk stay strings as in Lima (`4GiB`); `*Bytes` helpers live in config/units.ts.
 */
export interface FilledLimaYAML extends LimaYAML {
  vmType: VMType;
  os: OSType;
  arch: Arch;
  images: Image[];
  cpus: number;
  memory: string;
  disk: string;
  additionalDisks: AdditionalDisk[];
  mounts: Mount[];
  mountType: MountType;
  mountTypesUnsupported: string[];
  mountInotify: boolean;
  ssh: Required<Omit<SSH, 'overVsock'>> & { overVsock: boolean };
  firmware: { legacyBIOS: boolean; images: FirmwareImage[] };
  audio: { device: string; interface: string };
  video: { display: string; vnc: { display: string } };
  networks: Network[];
  portForwards: PortForward[];
  provision: Provision[];
  probes: Probe[];
  vmOpts: VMOpts & { qemu: QEMUOpts };
  plain: boolean;
  tpm: boolean;
}

/** A problem found in a lima.yaml: the API's issue type, said once in common. */
export type ConfigIssue = ApiIssue;
