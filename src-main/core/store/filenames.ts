/**
 * Every file and directory name that appears under `$LIMA_HOME` or an instance directory,
 * as Lima names them. The rest of the code refers to these constants so that the layout
 * stays interchangeable with `limactl`: a Limadesk instance is a Lima instance.
 */

/** Directories directly under `$LIMA_HOME`. Names starting with `_` are never instances. */
export const CacheDir = '_cache';
export const ConfigDir = '_config';
export const DisksDir = '_disks';
export const NetworksDir = '_networks';
export const TemplatesDir = '_templates';

/** Files inside `$LIMA_HOME/_config`. */
export const UserPrivateKey = 'user';
export const UserPublicKey = 'user.pub';
export const NetworksConfig = 'networks.yaml';
export const DefaultYAML = 'default.yaml';
export const OverrideYAML = 'override.yaml';
export const BaseYAML = 'base.yaml';

/** Files inside an instance directory `<I>`. */
export const LimaYAML = 'lima.yaml';
export const LimaVersion = 'lima-version';
export const Protected = 'protected';
export const CloudConfig = 'cloud-config.yaml';
export const CIDataISO = 'cidata.iso';
export const CIDataISODir = 'cidata';
export const Image = 'image';
export const Disk = 'disk';
export const ISO = 'iso';
export const BaseDisk = 'basedisk';
export const DiffDisk = 'diffdisk';
export const Kernel = 'kernel';
export const KernelCmdline = 'kernel.cmdline';
export const Initrd = 'initrd';
export const QemuEfiCode = 'qemu-efi-code.fd';
export const QemuEfiFull = 'qemu-efi-full.fd';
export const QemuPID = 'qemu.pid';
export const QMPSock = 'qmp.sock';
export const SerialLog = 'serial.log';
export const SerialSock = 'serial.sock';
export const SerialPCILog = 'serialp.log';
export const SerialPCISock = 'serialp.sock';
export const SerialVirtioLog = 'serialv.log';
export const SerialVirtioSock = 'serialv.sock';
export const SwtpmSock = 'swtpm.sock';
export const SwtpmDir = 'swtpm';
export const VNCDisplayFile = 'vncdisplay';
export const VNCPasswordFile = 'vncpassword';
export const GuestAgentSock = 'ga.sock';
export const VirtioPort = 'io.lima-vm.guest_agent.0';
export const HostAgentPID = 'ha.pid';
export const HostAgentSock = 'ha.sock';
export const HostAgentStdoutLog = 'ha.stdout.log';
export const HostAgentStderrLog = 'ha.stderr.log';
export const SSHSock = 'ssh.sock';
export const SSHConfig = 'ssh.config';
export const SSHKnownHosts = 'ssh_known_hosts';
export const SocketDir = 'sock';
export const AnsibleInventoryYAML = 'ansible-inventory.yaml';
export const VzIdentifier = 'vz-identifier';
export const VzEfi = 'vz-efi';

/** Files inside `$LIMA_HOME/_disks/<disk>`. */
export const DataDisk = 'datadisk';
export const InUseBy = 'in_use_by';

/** The vhost-user socket of the i-th virtiofs mount. */
export function VhostSock(index: number): string {
  return `virtiofsd-${index}.sock`;
}

/** `<vmType>.pid`: the driver's pid file (`qemu.pid` for QEMU). */
export function PIDFile(vmType: string): string {
  return `${vmType}.pid`;
}

/**
 * The longest socket path an instance ever gets: ssh appends 16 random characters to its
 * ControlPath when it first creates the master socket, so the instance directory must leave
 * room for that under UNIX_PATH_MAX.
 */
export const LongestSock = `${SSHSock}.1234567890123456`;

/** Suffixes `stop -f` removes from an instance directory. */
export const TmpFileSuffixes = ['.pid', '.sock', '.tmp'] as const;

/** Any of these makes a directory count as an instance that was really created. */
export const ExistingInstanceMarkers = [
  HostAgentStdoutLog,
  HostAgentStderrLog,
  VzIdentifier,
  Image,
  Disk,
  BaseDisk,
  DiffDisk,
  CIDataISO,
] as const;
