/**
 * The defaults Lima's QEMU driver adds when it configures an instance: the VM type, the
 * VNC display, the deprecated top-level `cpuType`, and which mount type "default" means.
 * They live with the other defaults because Limadesk only drives QEMU and every caller
 * (list, create, start) wants to see the same filled config.
 */
import { versionAtLeast } from './defaults-user';
import type { CPUType, LimaYAML, Mount, MountType, QEMUOpts, VMOpts } from './types';

export const DEFAULT_VNC_DISPLAY = '127.0.0.1:0,to=9';
export const DEFAULT_VIRTIOFS_QUEUE_SIZE = 1024;

/** Fold the deprecated top-level `cpuType` into `vmOpts.qemu.cpuType`; vmOpts wins a conflict. */
export function migrateCpuType(
  topLevel: CPUType | undefined,
  vmOpts: VMOpts & { qemu: QEMUOpts },
  warnings: string[],
): VMOpts & { qemu: QEMUOpts } {
  const entries = Object.entries(topLevel ?? {}).filter(([, model]) => model);
  if (entries.length === 0) return vmOpts;
  warnings.push('`cpuType` at the top level is deprecated and will go away; write it as `vmOpts.qemu.cpuType` instead');
  const cpuType: CPUType = { ...vmOpts.qemu.cpuType };
  for (const [arch, model] of entries) {
    const existing = cpuType[arch as keyof CPUType];
    if (existing && existing !== model) {
      warnings.push(
        `cpuType for ${arch} is set twice: top-level \`cpuType\` says "${model}", \`vmOpts.qemu.cpuType\` says "${existing}"; using the vmOpts.qemu value`,
      );
      continue;
    }
    cpuType[arch as keyof CPUType] = model;
  }
  return { ...vmOpts, qemu: { ...vmOpts.qemu, cpuType } };
}

export interface MountTypeContext {
  hostOs: NodeJS.Platform;
  /** undefined for an instance that does not exist yet. */
  existingLimaVersion: string | undefined;
}

/**
 * What an unset or "default" `mountType` becomes: 9p, unless 9p is declared unsupported
 * (by the template, or always on Windows hosts), or the instance was made by a Lima older
 * than 1.0.0, whose default was reverse-sshfs and whose guests expect it.
 */
export function resolveMountType(mountType: LimaYAML['mountType'], unsupported: readonly string[], ctx: MountTypeContext): MountType {
  if (mountType && mountType !== 'default') return mountType;
  const unsupportedSet = new Set(unsupported);
  if (ctx.hostOs === 'win32') unsupportedSet.add('9p');
  if (unsupportedSet.has('9p')) return 'reverse-sshfs';
  if (ctx.existingLimaVersion !== undefined && !versionAtLeast(ctx.existingLimaVersion, '1.0.0')) return 'reverse-sshfs';
  return '9p';
}

/** virtiofs mounts get a request queue size when none is given. */
export function fillVirtiofsQueueSize(mounts: readonly Mount[], mountType: MountType): Mount[] {
  if (mountType !== 'virtiofs') return [...mounts];
  return mounts.map((mount) =>
    mount.virtiofs?.queueSize === undefined
      ? { ...mount, virtiofs: { ...mount.virtiofs, queueSize: DEFAULT_VIRTIOFS_QUEUE_SIZE } }
      : mount,
  );
}
