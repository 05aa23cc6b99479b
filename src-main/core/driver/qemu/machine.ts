import type { Arch } from '../../config/types';

/** The machine type and accelerator flags for an arch (TCG on x86_64 needs extra tuning). */
export function machineArgs(arch: Arch, accel: string): string[] {
  switch (arch) {
    case 'x86_64':
      if (accel === 'tcg') {
        return [
          '-machine', 'q35,vmport=off',
          '-accel', 'tcg,thread=multi,tb-size=512',
          // S3/S4 resume is unreliable under TCG; hide them from the guest.
          '-global', 'ICH9-LPC.disable_s3=1',
          '-global', 'ICH9-LPC.disable_s4=1',
        ];
      }
      return ['-machine', `q35,accel=${accel}`];
    case 'aarch64':
    case 'armv7l':
      return ['-machine', `virt,accel=${accel}`];
    case 'riscv64':
      return ['-machine', `virt,acpi=off,accel=${accel}`];
    case 'ppc64le':
      return ['-machine', `pseries,accel=${accel}`];
    case 's390x':
      return ['-machine', `s390-ccw-virtio,accel=${accel}`];
  }
}
