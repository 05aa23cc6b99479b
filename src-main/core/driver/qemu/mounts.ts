import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FilledLimaYAML, Mount } from '../../config/types';
import { VhostSock } from '../../store/filenames';
import { optValue } from './qemu-opts';

/** `lima-` + 16 hex chars: the guest mounts by this tag, so it must match Lima's. */
export function mountTag(location: string, mountPoint: string): string {
  return `lima-${createHash('sha256').update(`${location}:${mountPoint}`).digest('hex').slice(0, 16)}`;
}

export function expandHome(location: string, homeDir: string): string {
  if (location === '~') return homeDir;
  if (location.startsWith('~/')) return path.join(homeDir, location.slice(2));
  return location;
}

function resolved(mount: Mount, index: number, homeDir: string): { location: string; mountPoint: string } {
  if (!mount.location) throw new Error(`field \`mounts[${index}].location\` must be set`);
  const location = expandHome(mount.location, homeDir);
  return { location, mountPoint: mount.mountPoint ?? location };
}

/** The -virtfs or vhost-user-fs arguments for every mount of a 9p or virtiofs instance. */
export function mountArgs(config: FilledLimaYAML, instanceDir: string, homeDir: string): string[] {
  const args: string[] = [];
  if (config.mountType === '9p') {
    config.mounts.forEach((mount, i) => {
      const { location, mountPoint } = resolved(mount, i, homeDir);
      let value = `local,mount_tag=${mountTag(location, mountPoint)},path=${optValue(location)},security_model=${mount['9p']?.securityModel ?? 'none'}`;
      if (!mount.writable) value += ',readonly=on';
      args.push('-virtfs', value);
    });
  } else if (config.mountType === 'virtiofs') {
    config.mounts.forEach((mount, i) => {
      const { location, mountPoint } = resolved(mount, i, homeDir);
      args.push(
        '-chardev', `socket,id=char-virtiofs-${i},path=${optValue(path.join(instanceDir, VhostSock(i)))}`,
        '-device', `vhost-user-fs-pci,queue-size=${mount.virtiofs?.queueSize ?? 1024},chardev=char-virtiofs-${i},tag=${mountTag(location, mountPoint)}`,
      );
    });
  }
  return args;
}

/** QEMU refuses to share a directory that does not exist, so create them first (as Lima does). */
export async function createMountDirs(config: FilledLimaYAML, homeDir: string): Promise<void> {
  if (config.mountType !== '9p' && config.mountType !== 'virtiofs') return;
  for (const [i, mount] of config.mounts.entries()) {
    await mkdir(resolved(mount, i, homeDir).location, { recursive: true, mode: 0o755 });
  }
}
