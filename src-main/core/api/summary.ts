import type { InstanceSummary } from '../../common/api';
import type { Instance } from '../store/instance';

/** The plain-data view of an instance the API sends (no config tree, no host-only fields). */
export function toInstanceSummary(inst: Instance): InstanceSummary {
  return {
    name: inst.name,
    status: inst.status,
    dir: inst.dir,
    vmType: inst.vmType,
    arch: inst.arch,
    cpus: inst.cpus,
    memory: inst.memory,
    disk: inst.disk,
    sshLocalPort: inst.sshLocalPort,
    message: inst.message,
    protected: inst.protected,
    errors: [...inst.errors],
  };
}
