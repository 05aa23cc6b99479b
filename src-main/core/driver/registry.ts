import type { Driver, DriverDeps, DriverInstance } from './driver';
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
