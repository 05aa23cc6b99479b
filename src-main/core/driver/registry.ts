import type { DiskImageTool, Driver, DriverDeps, DriverInstance } from './driver';
import type { HostDoctor } from './host-doctor';
import { createQemuHostDoctor, realHostProbe } from './qemu/host-doctor';
import { QemuDriver } from './qemu/qemu-driver';
import { qemuImgTool } from './qemu/qemu-img';
import { minimumVersionProblem } from './qemu/version';
import type { ConfigIssue, FilledLimaYAML } from '../config/types';

/** The vmTypes Lima knows of; Limadesk drives only QEMU. */
const LIMA_VM_TYPES = ['qemu', 'vz', 'wsl2', 'krunkit'];

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

/** The vmTypes whose drivers exist in this build. */
export function availableVmTypes(): string[] {
  return ['qemu'];
}

/**
 * What `create` and `start` would refuse in a config for driver reasons, found without
 * running anything: a vmType with no driver, and the driver's own static checks (QEMU: a
 * `vmOpts.qemu.minimumVersion` that is no semver). Issues carry the field, not a position.
 */
export function driverConfigIssues(config: FilledLimaYAML): ConfigIssue[] {
  const vmType = config.vmType || 'qemu';
  if (!LIMA_VM_TYPES.includes(vmType)) {
    return [{ severity: 'error', field: 'vmType', message: `vmType \`${vmType}\` is not a registered driver (Limadesk drives \`qemu\`)` }];
  }
  if (!availableVmTypes().includes(vmType)) {
    return [{ severity: 'error', field: 'vmType', message: `vmType \`${vmType}\` is a Lima driver that Limadesk does not run; Limadesk drives \`qemu\` only` }];
  }
  const problem = minimumVersionProblem(config.vmOpts.qemu.minimumVersion);
  return problem ? [{ severity: 'error', field: 'vmOpts.qemu.minimumVersion', message: problem }] : [];
}

/** The image tool (qemu-img) for disks that belong to no single VM. */
export function createDiskImageTool(): DiskImageTool {
  return qemuImgTool();
}

/** The host checks of the driver for `vmType` (only QEMU is driven). */
export function createHostDoctor(vmType: string, deps: DriverDeps & { env: NodeJS.ProcessEnv }): HostDoctor {
  if (vmType !== 'qemu') throw new Error(`no host checks for vmType ${JSON.stringify(vmType)}; Limadesk drives QEMU only`);
  return createQemuHostDoctor(() => realHostProbe(deps.logger, deps.env));
}
