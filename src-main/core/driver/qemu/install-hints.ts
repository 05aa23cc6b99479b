import type { Arch } from '../../config/types';
import type { HostFacts } from './host-facts';

/** The host pieces the QEMU driver can be missing, each with its own package per distro. */
export type QemuPart = 'qemu-x86_64' | 'qemu-aarch64' | 'qemu-img' | 'firmware-x86_64' | 'firmware-aarch64' | 'virtiofsd';

type Family = 'debian' | 'fedora' | 'arch' | 'suse' | 'alpine';

const INSTALL: Record<Family, { command: string; packages: Record<QemuPart, string> }> = {
  debian: {
    command: 'sudo apt-get install -y',
    packages: {
      'qemu-x86_64': 'qemu-system-x86',
      'qemu-aarch64': 'qemu-system-arm',
      'qemu-img': 'qemu-utils',
      'firmware-x86_64': 'ovmf',
      'firmware-aarch64': 'qemu-efi-aarch64',
      virtiofsd: 'virtiofsd',
    },
  },
  fedora: {
    command: 'sudo dnf install -y',
    packages: {
      'qemu-x86_64': 'qemu-system-x86',
      'qemu-aarch64': 'qemu-system-aarch64',
      'qemu-img': 'qemu-img',
      'firmware-x86_64': 'edk2-ovmf',
      'firmware-aarch64': 'edk2-aarch64',
      virtiofsd: 'virtiofsd',
    },
  },
  arch: {
    command: 'sudo pacman -S --needed',
    packages: {
      'qemu-x86_64': 'qemu-system-x86',
      'qemu-aarch64': 'qemu-system-aarch64',
      'qemu-img': 'qemu-img',
      'firmware-x86_64': 'edk2-ovmf',
      'firmware-aarch64': 'edk2-aarch64',
      virtiofsd: 'virtiofsd',
    },
  },
  suse: {
    command: 'sudo zypper install -y',
    packages: {
      'qemu-x86_64': 'qemu-x86',
      'qemu-aarch64': 'qemu-arm',
      'qemu-img': 'qemu-tools',
      'firmware-x86_64': 'qemu-ovmf-x86_64',
      'firmware-aarch64': 'qemu-uefi-aarch64',
      virtiofsd: 'virtiofsd',
    },
  },
  alpine: {
    command: 'sudo apk add',
    packages: {
      'qemu-x86_64': 'qemu-system-x86_64',
      'qemu-aarch64': 'qemu-system-aarch64',
      'qemu-img': 'qemu-img',
      'firmware-x86_64': 'ovmf',
      'firmware-aarch64': 'aavmf',
      virtiofsd: 'virtiofsd',
    },
  },
};

/** The distro family from /etc/os-release (`ID`, then `ID_LIKE`), or undefined when unknown. */
export function distroFamily(osRelease: string): Family | undefined {
  const field = (key: string): string[] => {
    const match = new RegExp(`^${key}=(.*)$`, 'm').exec(osRelease);
    return (match?.[1] ?? '').replace(/^["']|["']$/g, '').toLowerCase().split(/\s+/).filter(Boolean);
  };
  for (const id of [...field('ID'), ...field('ID_LIKE')]) {
    if (id === 'debian' || id === 'ubuntu') return 'debian';
    if (id === 'fedora' || id === 'rhel' || id === 'centos') return 'fedora';
    if (id === 'arch') return 'arch';
    if (id === 'suse' || id.startsWith('opensuse')) return 'suse';
    if (id === 'alpine') return 'alpine';
  }
  return undefined;
}

export function qemuPartForArch(arch: Arch): QemuPart | undefined {
  if (arch === 'x86_64') return 'qemu-x86_64';
  if (arch === 'aarch64') return 'qemu-aarch64';
  return undefined;
}

/** The exact command that installs a missing part on this host. */
export function installCommand(part: QemuPart, host: Pick<HostFacts, 'os'>, osRelease: string): string {
  if (host.os === 'darwin') {
    // Homebrew's qemu bundles qemu-img and the edk2 firmware; virtiofs is not used on macOS.
    return 'brew install qemu';
  }
  if (host.os === 'windows') return 'winget install SoftwareFreedomConservancy.QEMU';
  const family = host.os === 'linux' ? distroFamily(osRelease) : undefined;
  if (!family) return `Install the package that provides ${part} with your system's package manager`;
  const { command, packages } = INSTALL[family];
  return `${command} ${packages[part]}`;
}
