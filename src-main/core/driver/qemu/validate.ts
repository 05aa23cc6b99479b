import type { ConfigIssue, FilledLimaYAML } from '../../config/types';
import type { HostFacts } from './host-facts';
import { checkQemuVersion, minimumVersionProblem } from './version';

const ALLOWED_MOUNT_TYPES: Record<string, { types: string[]; wording: string }> = {
  linux: { types: ['reverse-sshfs', '9p', 'virtiofs'], wording: 'must be one of ["reverse-sshfs", "9p", "virtiofs"] for QEMU driver on Linux' },
  darwin: { types: ['reverse-sshfs', '9p'], wording: 'must be `reverse-sshfs` or `9p` for QEMU driver on macOS' },
  windows: { types: ['reverse-sshfs'], wording: 'must be `reverse-sshfs` for QEMU driver on Windows' },
};
const OTHER_HOST = { types: ['reverse-sshfs', '9p'], wording: 'must be `reverse-sshfs` or `9p` for QEMU driver on this host' };

const KNOWN_NETWORK_FIELDS = new Set(['lima', 'socket', 'vzNAT', 'macAddress', 'interface', 'metric']);

export interface ValidateInput {
  config: FilledLimaYAML;
  host: HostFacts;
  /** The detected QEMU version, or "" when it could not be read (checks are then skipped). */
  qemuVersion: string;
  /** lima.yaml, to which issues point. */
  file?: string;
}

/** The QEMU driver's own checks, on top of the generic lima.yaml validation. */
export function validateForQemu(input: ValidateInput): ConfigIssue[] {
  const { config, host, file } = input;
  const issues: ConfigIssue[] = [];
  const error = (field: string, message: string): void => void issues.push({ severity: 'error', field, message, ...(file ? { file } : {}) });
  const warn = (field: string, message: string): void => void issues.push({ severity: 'warning', field, message, ...(file ? { file } : {}) });

  const allowed = ALLOWED_MOUNT_TYPES[host.os] ?? OTHER_HOST;
  if (!allowed.types.includes(config.mountType)) error('mountType', `field \`mountType\` ${allowed.wording}, got ${JSON.stringify(config.mountType)}`);
  if (config.mountTypesUnsupported.includes(config.mountType)) error('mountType', `mount type \`${config.mountType}\` is explicitly unsupported`);

  config.networks.forEach((network, i) => {
    for (const key of Object.keys(network)) {
      if (!KNOWN_NETWORK_FIELDS.has(key)) warn(`networks[${i}].${key}`, `field \`networks[${i}].${key}\` is not known to the QEMU driver and is ignored`);
    }
  });
  if (config.ssh.overVsock) warn('ssh.overVsock', 'field `ssh.overVsock` is not supported by the QEMU driver and is ignored');

  const minimum = config.vmOpts.qemu.minimumVersion;
  const problem = minimumVersionProblem(minimum);
  if (problem) error('vmOpts.qemu.minimumVersion', problem);
  const verdict = checkQemuVersion(input.qemuVersion, host, problem ? undefined : minimum);
  for (const message of verdict.errors) error(message.includes('template') ? 'vmOpts.qemu.minimumVersion' : '', message);
  for (const message of verdict.warnings) warn('', message);
  return issues;
}
