import path from 'node:path';
import type { Arch, FilledLimaYAML } from '../../config/types';
import { QemuEfiCode } from '../../store/filenames';

/** edk2's own arch names in `edk2-<e>-code.fd`. */
const EDK2_ARCH: Partial<Record<Arch, string>> = { x86_64: 'x86_64', aarch64: 'aarch64', armv7l: 'arm', riscv64: 'riscv' };

const DISTRO_PATHS: Partial<Record<Arch, string[]>> = {
  x86_64: [
    '/usr/share/edk2/x64/OVMF_CODE.4m.fd',
    '/usr/share/OVMF/OVMF_CODE.fd',
    '/usr/share/OVMF/OVMF_CODE_4M.fd',
    '/usr/share/edk2/ovmf/OVMF_CODE.fd',
    '/usr/share/qemu/ovmf-x86_64.bin',
    '/usr/share/qemu/ovmf-x86_64-4m.bin',
  ],
  aarch64: ['/usr/share/edk2/aarch64/QEMU_CODE.fd', '/usr/share/AAVMF/AAVMF_CODE.fd', '/usr/share/qemu-efi-aarch64/QEMU_EFI.fd'],
  armv7l: ['/usr/share/edk2/arm/QEMU_CODE.fd', '/usr/share/AAVMF/AAVMF32_CODE.fd'],
  riscv64: ['/usr/share/qemu-efi-riscv64/RISCV_VIRT_CODE.fd', '/usr/share/edk2/riscv/RISCV_VIRT_CODE.fd'],
};

/** legacyBIOS only means something where a BIOS exists; Lima ignores it elsewhere. */
export function usesLegacyBios(config: FilledLimaYAML): boolean {
  return config.firmware.legacyBIOS && (config.arch === 'x86_64' || config.arch === 'armv7l');
}

export function needsFirmware(config: FilledLimaYAML): boolean {
  return !usesLegacyBios(config) && config.arch !== 'ppc64le' && config.arch !== 's390x';
}

/** Where to look, best first: the instance's own copy, then user, QEMU install, distro. */
export function firmwareCandidates(arch: Arch, instanceDir: string, homeDir: string, qemuExePath: string): string[] {
  const candidates = [path.join(instanceDir, QemuEfiCode)];
  const edk2 = EDK2_ARCH[arch];
  if (edk2) {
    const file = `edk2-${edk2}-code.fd`;
    const bindir = path.dirname(qemuExePath);
    candidates.push(
      path.join(homeDir, '.local/share/qemu', file),
      path.join(path.dirname(bindir), 'share/qemu', file),
      path.join(bindir, 'share', file),
    );
  }
  candidates.push(...(DISTRO_PATHS[arch] ?? []));
  return candidates;
}

export type FileExists = (file: string) => boolean;

/**
 * The pflash firmware file, or an error with a hint. `firmware.images[]` downloads are not
 * fetched here: an image already copied to `<I>/qemu-efi-code.fd` is used like Lima does.
 */
export function findFirmware(arch: Arch, instanceDir: string, homeDir: string, qemuExePath: string, exists: FileExists): string {
  const candidates = firmwareCandidates(arch, instanceDir, homeDir, qemuExePath);
  const found = candidates.find((file) => exists(file));
  if (found) return found;
  if (arch === 'x86_64') {
    throw new Error(`could not find firmware for ${arch} (tried ${candidates.join(', ')}); hint: try setting \`firmware.legacyBIOS\` to \`true\``);
  }
  const edk2 = EDK2_ARCH[arch] ?? arch;
  throw new Error(`could not find firmware for ${arch} (tried ${candidates.join(', ')}); hint: copy edk2-${edk2}-code.fd into ${path.join(homeDir, '.local/share/qemu')}/`);
}
