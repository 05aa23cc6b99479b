import type { Driver, DriverDeps, DriverInstance } from './driver';
import type { HostDoctor } from './host-doctor';
import { createQemuHostDoctor, realHostProbe } from './qemu/host-doctor';
import { QemuDriver } from './qemu/qemu-driver';

/** The one place that knows which driver runs which `vmType`. */
export function createDriver(vmType: string, instance: DriverInstance, deps: DriverDeps): Driver {
  switch (vmType) {
    case 'qemu':
      return new QemuDriver(instance, deps);
    case 'vz':
    case 'wsl2':
    case 'krunkit':
      throw new Error(`vmType ${JSON.stringify(vmType)} of instance ${JSON.stringify(instance.name)} is not supported: Limadesk drives QEMU only (set \`vmType: qemu\`)`);
    default:
      throw new Error(`unknown vmType ${JSON.stringify(vmType)} for instance ${JSON.stringify(instance.name)}; Limadesk supports only "qemu"`);
  }
}

/** The host checks of the driver for `vmType` (only QEMU is driven). */
export function createHostDoctor(vmType: string, deps: DriverDeps & { env: NodeJS.ProcessEnv }): HostDoctor {
  if (vmType !== 'qemu') throw new Error(`no host checks for vmType ${JSON.stringify(vmType)}; Limadesk drives QEMU only`);
  return createQemuHostDoctor(() => realHostProbe(deps.logger, deps.env));
}
