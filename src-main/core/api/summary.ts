import type { InstanceSummary } from '../../common/api';
import { distroFromImages, guessOs } from '../config/template-info';
import type { FilledLimaYAML } from '../config/types';
import type { Instance } from '../store/instance';

/**
 * Which OS an instance runs, for the logo beside its name: `os:` when lima.yaml names one
 * other than Linux (the default every config is filled with), else what its first image's
 * location suggests; the distribution from that location too.
 */
function osHint(config: FilledLimaYAML | undefined): Pick<InstanceSummary, 'os' | 'distro'> {
  if (!config) return {};
  const first = config.images[0]?.location;
  const locations = first ? [first] : [];
  const distro = distroFromImages(locations);
  return { os: config.os !== 'Linux' ? config.os : guessOs(locations), ...(distro ? { distro } : {}) };
}

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
    ...osHint(inst.config),
    errors: [...inst.errors],
  };
}
