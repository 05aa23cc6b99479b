import { BOOT_DONE_PATH, FUSE_READY_PATH, SSH_READY_PATH } from '../../cidata/boot-scripts';
import type { FilledLimaYAML } from '../../config/types';

/**
 * What the host agent waits for in the guest after SSH answers, in Lima's three rounds:
 * essential (the boot scripts let the user in; sshfs can mount), optional (the template's
 * readiness probes) and final (every boot and provisioning script has finished). Each is a
 * `#!` script that succeeds once the condition holds; it is retried until it does.
 */
export interface Requirement {
  round: 'essential' | 'optional' | 'final';
  description: string;
  script: string;
  /** What to look at when it never holds. */
  hint: string;
  /** A template's `probes:` entry, reported as a probe. */
  probe?: boolean;
}

const markerScript = (file: string, instanceId: string): string =>
  `#!/bin/sh\nset -eux\n[ "$(cat ${file} 2>/dev/null)" = "${instanceId}" ]\n`;

/** The guest runs our boot scripts unless it is not Linux; in plain mode only the essential ones. */
export function essentialRequirements(config: FilledLimaYAML, instanceId: string): Requirement[] {
  if (config.plain || config.os !== 'Linux') return [];
  const requirements: Requirement[] = [
    {
      round: 'essential',
      description: 'user session is ready for ssh',
      script: markerScript(SSH_READY_PATH, instanceId),
      hint: 'The boot scripts on the cidata CD have not run (yet): see /var/log/cloud-init-output.log in the guest.',
    },
  ];
  if (config.mountType === 'reverse-sshfs' && config.mounts.length > 0) {
    requirements.push(
      {
        round: 'essential',
        description: 'sshfs binary to be installed',
        script: '#!/bin/sh\nset -eux\ncommand -v sshfs\n',
        hint: 'The sshfs binary was not installed in the guest. See /var/log/cloud-init-output.log in the guest; `apt-get install sshfs` (or the distribution\'s equivalent) in the guest is a workaround.',
      },
      {
        round: 'essential',
        description: 'fuse to allow_other as user',
        script: markerScript(FUSE_READY_PATH, instanceId),
        hint: `Waiting for ${FUSE_READY_PATH} to be created by the boot scripts.`,
      },
    );
  }
  return requirements;
}

/** The template's readiness probes, in order. */
export function probeRequirements(config: FilledLimaYAML): Requirement[] {
  return (config.probes ?? [])
    .filter((probe) => (probe.mode ?? 'readiness') === 'readiness')
    .map((probe, i) => ({
      round: 'optional' as const,
      description: probe.description || `user probe ${i + 1}`,
      script: probe.script ?? '',
      hint: probe.hint ?? '',
      probe: true,
    }));
}

export function finalRequirements(config: FilledLimaYAML, instanceId: string): Requirement[] {
  if (config.os !== 'Linux') return [];
  return [
    {
      round: 'final',
      description: 'boot scripts must have finished',
      script: markerScript(BOOT_DONE_PATH, instanceId),
      hint: 'All boot scripts, provisioning scripts and readiness probes must finish before the instance is ready. See /var/log/cloud-init-output.log in the guest for where it is blocked.',
    },
  ];
}
