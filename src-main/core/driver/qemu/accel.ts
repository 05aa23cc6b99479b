import type { Arch } from '../../config/types';
import type { HostFacts } from './host-facts';

export interface AccelChoice {
  accel: string;
  warning?: string;
}

const SLOW = 'Expect very poor performance';

/** Hardware acceleration only for the host's own arch; everything else is emulated by TCG. */
export function chooseAccel(arch: Arch, host: HostFacts): AccelChoice {
  if (arch !== host.arch) return { accel: 'tcg' };
  switch (host.os) {
    case 'darwin':
      return host.hvSupport ? { accel: 'hvf' } : { accel: 'tcg', warning: `Hypervisor.framework is not available (kern.hv_support != 1). ${SLOW}` };
    case 'linux':
      return host.kvmAccess ? { accel: 'kvm' } : { accel: 'tcg', warning: `/dev/kvm is not usable. ${SLOW}` };
    case 'netbsd':
      return { accel: 'nvmm' };
    case 'windows':
      return { accel: 'whpx' };
    default:
      return { accel: 'tcg', warning: SLOW };
  }
}

/** `-accel help` lists one accelerator per line after a heading. */
export function accelSupported(accelHelp: string, accel: string): boolean {
  return accelHelp.split('\n').some((line) => line.trim() === accel);
}
