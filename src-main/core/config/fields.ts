/**
 * A runtime description of every lima.yaml field. The parser walks it to type-check
 * documents, the JSON Schema is generated from it, and editors read its descriptions
 * for hover docs. The helper signatures below tie each object's keys to its TypeScript
 * interface, so a field added to types.ts and not here fails to compile.
 */
import {
  ARCHES, MOUNT_TYPES, OS_TYPES, PROTOS, PROVISION_MODES, VM_TYPES,
  type Audio, type CACertificates, type Containerd, type CopyToHost, type Disk, type File,
  type Firmware, type FirmwareImage, type HostResolver, type Image, type Kernel, type LimaYAML, type LocatorWithDigest,
  type Mount, type Network, type NineP, type PortForward, type Probe, type Provision,
  type QEMUOpts, type SSH, type SSHFS, type User, type Video, type VNCOptions, type Virtiofs,
  type VZOpts, type WindowsOpts,
} from './types';

export type FieldKind = 'string' | 'number' | 'boolean' | 'array' | 'map' | 'object';

export interface FieldSpec {
  kind: FieldKind;
  /** One line, shown as hover documentation in the editor. */
  description: string;
  deprecated?: boolean;
  /** Allowed values of a string (or of a map's keys, for `keyEnum`). */
  enum?: readonly string[];
  /** number fields: only whole numbers. */
  integer?: boolean;
  /** object fields: the known keys. */
  children?: Readonly<Record<string, FieldSpec>>;
  /** object fields: keys beyond `children` are allowed (vmOpts holds one entry per driver). */
  openKeys?: boolean;
  /** array fields: the element; map fields: the value (absent = any value). */
  items?: FieldSpec;
  /** map fields: allowed keys. */
  keyEnum?: readonly string[];
  /** array fields with a fixed length, such as port ranges. */
  length?: number;
  /** A bare string is accepted in place of this object or array (`additionalDisks: [name]`). */
  stringForm?: boolean;
  /** string fields: numbers and booleans are taken as written (`param: {flag: true}`), as Go's YAML does. */
  anyScalar?: boolean;
}

type Described = { description: string; deprecated?: boolean };

const str = (description: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ kind: 'string', description, ...extra });
const int = (description: string): FieldSpec => ({ kind: 'number', integer: true, description });
const bool = (description: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ kind: 'boolean', description, ...extra });
const arrayOf = (items: FieldSpec, description: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ kind: 'array', items, description, ...extra });
const mapOf = (items: FieldSpec | undefined, description: string, extra: Partial<FieldSpec> = {}): FieldSpec =>
  ({ kind: 'map', description, ...(items ? { items } : {}), ...extra });

/** An object whose children must name exactly the keys of T (checked at compile time). */
function objectOf<T>(children: { [K in keyof Required<T>]-?: FieldSpec }, meta: Described & Partial<FieldSpec>): FieldSpec {
  return { ...meta, kind: 'object', children };
}

const fileChildren = {
  location: str('URL or local path (`~` expanded) of the file'),
  arch: str('Architecture the file is built for', { enum: ARCHES }),
  digest: str('Expected digest, OCI style (`sha256:…`)'),
} satisfies { [K in keyof Required<File>]-?: FieldSpec };

const file = (description: string, extra: Partial<FieldSpec> = {}): FieldSpec => objectOf<File>(fileChildren, { description, ...extra });

const kernel = objectOf<Kernel>({ ...fileChildren, cmdline: str('Kernel command line') }, { description: 'Kernel to boot directly instead of the image bootloader' });

const image = objectOf<Image>(
  {
    ...fileChildren,
    kernel,
    initrd: file('Initial ramdisk for `kernel`'),
    variant: str('Image variant label'),
    archVariant: str('Architecture variant label'),
  },
  { description: 'A disk image candidate; the first one matching the instance arch is used' },
);

const firmwareImage = objectOf<FirmwareImage>(
  { ...fileChildren, vmType: str('Driver this firmware is meant for', { enum: VM_TYPES }) },
  { description: 'A UEFI firmware file' },
);

const disk = objectOf<Disk>(
  {
    name: str('Name of a disk created with `limactl disk create`'),
    format: bool('Format the disk on first use (default true)'),
    fsType: str('File system to format it with (default ext4)'),
    fsArgs: arrayOf(str('mkfs argument'), 'Extra arguments for mkfs'),
  },
  { description: 'An additional disk: a bare name or an object', stringForm: true },
);

const mount = objectOf<Mount>(
  {
    location: str('Host directory to share (absolute or `~`-prefixed)'),
    mountPoint: str('Guest path to mount at (default: same as location)'),
    writable: bool('Mount read-write (default false)'),
    sshfs: objectOf<SSHFS>(
      {
        cache: bool('Enable sshfs caching (default true)'),
        followSymlinks: bool('Follow symlinks on the host (default false)'),
        sftpDriver: str('sftp server driver: `builtin` or `openssh-sftp-server`'),
      },
      { description: 'Options for reverse-sshfs mounts' },
    ),
    '9p': objectOf<NineP>(
      {
        securityModel: str('9p security model (default `none`)'),
        protocolVersion: str('9p protocol version (default `9p2000.L`)'),
        msize: str('Maximum 9p packet size (default `128KiB`)'),
        cache: str('9p cache mode (default `fscache` read-only, `mmap` writable)'),
      },
      { description: 'Options for 9p mounts' },
    ),
    virtiofs: objectOf<Virtiofs>({ queueSize: int('virtqueue size (default 1024)') }, { description: 'Options for virtiofs mounts' }),
  },
  { description: 'A host directory shared with the guest' },
);

const ssh = objectOf<SSH>(
  {
    localPort: int('Host port for SSH; 0 picks a free port'),
    loadDotSSHPubKeys: bool('Authorize the keys in ~/.ssh/*.pub (default false)'),
    forwardAgent: bool('Forward the SSH agent (default false)'),
    forwardX11: bool('Forward X11 (default false)'),
    forwardX11Trusted: bool('Trusted X11 forwarding (default false)'),
    overVsock: bool('Connect SSH over vsock (not implemented for QEMU)'),
  },
  { description: 'SSH access to the guest' },
);

const firmware = objectOf<Firmware>(
  {
    legacyBIOS: bool('Boot with legacy BIOS instead of UEFI (x86_64 only, default false)'),
    images: arrayOf(firmwareImage, 'UEFI firmware candidates'),
  },
  { description: 'Firmware settings' },
);

const audio = objectOf<Audio>(
  {
    device: str('QEMU audiodev backend, e.g. `pa`, `coreaudio`; empty disables audio'),
    interface: str('Sound card: `hda` (default) or `virtio`'),
  },
  { description: 'Sound' },
);

const video = objectOf<Video>(
  {
    display: str('QEMU display: `none` (default), `vnc`, `default`, …'),
    vnc: objectOf<VNCOptions>({ display: str('VNC listen address (default `127.0.0.1:0,to=9`)') }, { description: 'VNC options' }),
  },
  { description: 'Display' },
);

/** A `base` entry or a provision/probe `file`: a locator string or `{url, digest}`. */
const locator = (description: string): FieldSpec =>
  objectOf<LocatorWithDigest>(
    {
      url: str('Template locator: template:NAME, a path relative to this file, file:// or https:// URL'),
      digest: str('Expected digest (not implemented by Lima yet; rejected)'),
    },
    { description, stringForm: true },
  );

const provision = objectOf<Provision>(
  {
    mode: str('When and how the entry runs', { enum: PROVISION_MODES }),
    script: str('Script to run (starts with `#!`)'),
    file: locator('Script or data to fetch instead of an inline script'),
    skipDefaultDependencyResolution: bool('For `dependency` mode: skip the default package installation'),
    content: str('For `data` mode: the file content'),
    overwrite: bool('For `data` mode: replace an existing file (default true)'),
    owner: str('For `data` mode: `user:group` (default `root:root`)'),
    path: str('For `data`/`yq` mode: absolute guest path'),
    permissions: str('For `data` mode: octal permissions (default `644`)'),
    expression: str('For `yq` mode: the yq expression'),
    format: str('For `yq` mode: file format (default `auto`)'),
    playbook: str('For `ansible` mode: the playbook path', { deprecated: true }),
  },
  { description: 'A provisioning step run in the guest' },
);

const probe = objectOf<Probe>(
  {
    mode: str('Only `readiness`', { enum: ['readiness'] }),
    description: str('Shown while waiting'),
    script: str('Script that succeeds when the guest is ready (starts with `#!`)'),
    file: locator('Script to fetch instead of an inline script'),
    hint: str('Shown when the probe fails'),
  },
  { description: 'A readiness probe' },
);

const containerd = objectOf<Containerd>(
  {
    system: bool('Run system-wide containerd (default false)'),
    user: bool('Run rootless containerd (default true on Linux x86_64/aarch64)'),
    archives: arrayOf(file('A nerdctl-full archive'), 'nerdctl-full archives to install'),
  },
  { description: 'containerd and nerdctl' },
);

const portRange = (description: string): FieldSpec => arrayOf(int('Port'), description, { length: 2 });

const portForward = objectOf<PortForward>(
  {
    guestIPMustBeZero: bool('Only match guest sockets bound to 0.0.0.0'),
    guestIP: str('Guest IP to match (default 127.0.0.1)'),
    guestPort: int('Guest port'),
    guestPortRange: portRange('Guest port range `[first, last]` (default [1, 65535])'),
    guestSocket: str('Guest unix socket path'),
    hostIP: str('Host IP to bind (default 127.0.0.1)'),
    hostPort: int('Host port'),
    hostPortRange: portRange('Host port range (default: the guest range)'),
    hostSocket: str('Host unix socket path (relative = under the instance dir)'),
    proto: str('Protocol: `any` (default), `tcp` or `udp`', { enum: PROTOS }),
    reverse: bool('Forward from host socket to guest socket'),
    ignore: bool('Do not forward matching ports'),
    static: bool('Forward even in plain mode'),
  },
  { description: 'A port forwarding rule; the first matching rule wins' },
);

const copyToHost = objectOf<CopyToHost>(
  {
    guest: str('Guest file to copy'),
    host: str('Host destination'),
    skipIfMissing: bool('Do not fail when the guest file does not exist'),
    deleteOnStop: bool('Remove the host copy when the instance stops'),
  },
  { description: 'A file copied from the guest to the host after boot' },
);

const network = objectOf<Network>(
  {
    lima: str('Network name from networks.yaml'),
    socket: str('socket_vmnet socket path'),
    vzNAT: bool('vz NAT network (vz only)'),
    macAddress: str('MAC address (default derived from the instance)'),
    interface: str('Guest interface name (default `lima<i>`)'),
    metric: int('Route metric (default 100)'),
  },
  { description: 'An additional network' },
);

const hostResolver = objectOf<HostResolver>(
  {
    enabled: bool('Resolve DNS through the host agent (default true)'),
    ipv6: bool('Also answer AAAA queries (default false)'),
    hosts: mapOf(str('IP address or hostname'), 'Static host names'),
  },
  { description: 'Host-provided DNS resolver' },
);

const caCerts = objectOf<CACertificates>(
  {
    removeDefaults: bool('Remove the guest default CA certificates'),
    files: arrayOf(str('Path to a PEM file'), 'CA certificate files'),
    certs: arrayOf(str('PEM text'), 'CA certificates inline'),
  },
  { description: 'Extra trusted CA certificates' },
);

const cpuType = (description: string, extra: Partial<FieldSpec> = {}): FieldSpec =>
  mapOf(str('QEMU CPU model'), description, { keyEnum: ARCHES, ...extra });

const rosetta = objectOf<NonNullable<VZOpts['rosetta']>>(
  { enabled: bool('Enable Rosetta (vz only)'), binfmt: bool('Register Rosetta with binfmt_misc') },
  { description: 'Rosetta for x86_64 binaries on Apple silicon (vz only)' },
);

const vmOpts: FieldSpec = {
  kind: 'object',
  description: 'Driver-specific options, one entry per driver',
  openKeys: true,
  children: {
    qemu: objectOf<QEMUOpts>(
      {
        minimumVersion: str('Minimum QEMU version (semver)'),
        cpuType: cpuType('CPU model per architecture'),
      },
      { description: 'QEMU options' },
    ),
    vz: objectOf<VZOpts>(
      { rosetta, diskImageFormat: str('Disk image format for vz') },
      { description: 'vz options (macOS)' },
    ),
  },
};

const user = objectOf<NonNullable<LimaYAML['user']>>(
  {
    name: str('Guest user name (default: the host user)'),
    comment: str('GECOS comment'),
    home: str('Guest home directory'),
    shell: str('Login shell (absolute path, default /bin/bash)'),
    uid: int('User id (default: the host uid)'),
    passwordlessSudo: bool('Passwordless sudo (default true; false needs plain mode)'),
  } satisfies { [K in keyof Required<User & { passwordlessSudo?: boolean }>]-?: FieldSpec },
  { description: 'The guest user' },
);

/** Every top-level lima.yaml field; `satisfies` and the check below keep it equal to `keyof LimaYAML`. */
export const LIMA_YAML_FIELDS = {
  base: arrayOf(locator('A base template'), 'Templates this one is based on, embedded in order', { stringForm: true }),
  minimumLimaVersion: str('Minimum Lima version this template needs (semver)'),
  vmType: str('Driver: `qemu`, `vz`, `wsl2` or `krunkit`', { enum: VM_TYPES }),
  vmOpts,
  os: str('Guest OS (default Linux)', { enum: OS_TYPES }),
  arch: str('Guest architecture (default: the host architecture)', { enum: [...ARCHES, 'default'] }),
  images: arrayOf(image, 'Disk images to try, in order'),
  cpuType: cpuType('CPU model per architecture', { deprecated: true }),
  cpus: int('Number of virtual CPUs (default min(4, host CPUs))'),
  memory: str('RAM, e.g. `4GiB` (default min(4GiB, half of host RAM))'),
  disk: str('Disk size, e.g. `100GiB` (default 100GiB); it can only grow'),
  additionalDisks: arrayOf(disk, 'Extra disks to attach'),
  mounts: arrayOf(mount, 'Host directories shared with the guest'),
  mountTypesUnsupported: arrayOf(str('Mount type', { enum: MOUNT_TYPES }), 'Mount types this template cannot use'),
  mountType: str('Mount type: `reverse-sshfs`, `9p` (QEMU default) or `virtiofs`', { enum: [...MOUNT_TYPES, 'default', ''] }),
  mountInotify: bool('Propagate host inotify events to the guest (experimental)'),
  ssh,
  firmware,
  audio,
  video,
  provision: arrayOf(provision, 'Provisioning steps'),
  upgradePackages: bool('Upgrade guest packages on first boot (default false)'),
  containerd,
  guestInstallPrefix: str('Where guest components are installed (default /usr/local)'),
  probes: arrayOf(probe, 'Readiness probes'),
  portForwards: arrayOf(portForward, 'Port forwarding rules'),
  copyToHost: arrayOf(copyToHost, 'Files to copy from the guest'),
  message: str('Message shown after start (Go template)'),
  networks: arrayOf(network, 'Additional networks'),
  env: mapOf(str('Value', { anyScalar: true }), 'Environment variables for the guest'),
  param: mapOf(str('Value', { anyScalar: true }), 'Template parameters, used as {{.Param.NAME}} or $PARAM_NAME'),
  dns: arrayOf(str('IP address'), 'DNS servers (only when hostResolver is disabled)'),
  hostResolver,
  propagateProxyEnv: bool('Pass the host proxy variables to the guest (default true)'),
  caCerts,
  rosetta: { ...rosetta, deprecated: true, description: 'Deprecated: use vmOpts.vz.rosetta' },
  plain: bool('Plain mode: no mounts, port forwards, containerd (default false)'),
  timezone: str('Guest time zone (default: the host time zone)'),
  nestedVirtualization: bool('Nested virtualization (vz and krunkit only)'),
  user,
  tpm: bool('Attach a software TPM (default false)'),
  osOpts: {
    kind: 'object',
    description: 'Options per guest OS',
    openKeys: true,
    children: {
      Windows: objectOf<WindowsOpts>(
        { virtioWin: arrayOf(file('A virtio-win ISO'), 'virtio-win driver ISOs, per architecture') },
        { description: 'Windows guest options' },
      ),
    },
  },
} satisfies Record<keyof LimaYAML, FieldSpec>;

type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Fails to compile when a field is added to LimaYAML and not described here, or the reverse.
const keysMatch: Equal<keyof typeof LIMA_YAML_FIELDS, keyof LimaYAML> = true;
void keysMatch;

/** The top level as an object spec, the root the parser and the schema generator walk. */
export const LIMA_YAML_ROOT: FieldSpec = {
  kind: 'object',
  description: 'Lima instance configuration (lima.yaml)',
  children: LIMA_YAML_FIELDS,
};

/** The spec of a field by path (`['mounts', 0, 'location']`), or undefined for an unknown field. */
export function fieldAt(path: ReadonlyArray<string | number>): FieldSpec | undefined {
  let spec: FieldSpec | undefined = LIMA_YAML_ROOT;
  for (const part of path) {
    if (!spec) return undefined;
    if (typeof part === 'number') spec = spec.kind === 'array' ? spec.items : undefined;
    else if (spec.kind === 'object') spec = spec.children?.[part];
    else if (spec.kind === 'map') spec = spec.items;
    else return undefined;
  }
  return spec;
}
