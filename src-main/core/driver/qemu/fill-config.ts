import { DEFAULT_VNC_DISPLAY, fillVirtiofsQueueSize, migrateCpuType, resolveMountType } from '../../config/defaults-qemu';
import type { FilledLimaYAML } from '../../config/types';

/**
 * QEMU's defaults on an already filled config. Loading usually applied them already; this
 * keeps a config built elsewhere (or by hand) in the same shape before it reaches argv.
 */
export function fillQemuConfig(config: FilledLimaYAML, hostOs: NodeJS.Platform, existingLimaVersion: string | undefined): { config: FilledLimaYAML; warnings: string[] } {
  const warnings: string[] = [];
  const vmOpts = migrateCpuType(config.cpuType, { ...config.vmOpts, qemu: config.vmOpts.qemu ?? {} }, warnings);
  const mountType = resolveMountType(config.mountType, config.mountTypesUnsupported, { hostOs, existingLimaVersion });
  const filled: FilledLimaYAML = {
    ...config,
    vmType: config.vmType || 'qemu',
    vmOpts,
    mountType,
    mounts: fillVirtiofsQueueSize(config.mounts, mountType),
    video: { ...config.video, vnc: { display: config.video.vnc.display || DEFAULT_VNC_DISPLAY } },
  };
  delete filled.cpuType;
  return { config: filled, warnings };
}
