import { silentLogger, type Logger } from '../../common/logger';
import type { Driver } from '../driver/driver';
import { createDriver } from '../driver/registry';
import type { Instance } from '../store/instance';
import { InstanceStateError } from './errors';

/**
 * A driver bound to an inspected instance, for operations the CLI or UI runs directly
 * (snapshots, display info) while a host agent may or may not own the VM.
 */
export function driverFor(inst: Instance, limaHome: string, logger: Logger = silentLogger): Driver {
  if (!inst.config) {
    throw new InstanceStateError(`instance ${JSON.stringify(inst.name)} has no usable lima.yaml: ${inst.errors.join('; ')}`);
  }
  return createDriver(
    inst.config.vmType || 'qemu',
    { name: inst.name, dir: inst.dir, limaHome, config: inst.config, sshLocalPort: inst.sshLocalPort },
    { logger },
  );
}
