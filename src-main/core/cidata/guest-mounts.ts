import { createHash } from 'node:crypto';
import path from 'node:path';
import type { FilledLimaYAML, Mount } from '../config/types';
import { parseByteSize } from '../config/units';

/**
 * The virtio tag a share is exported under: `lima-` + 16 hex digits of sha256("location:mountPoint").
 * QEMU's `-virtfs mount_tag=` and vhost-user-fs `tag=` use the same formula on the host side.
 */
export function mountTag(location: string, mountPoint: string): string {
  return `lima-${createHash('sha256').update(`${location}:${mountPoint}`).digest('hex').slice(0, 16)}`;
}

/** One share as the guest sees it: what cloud-init's `mounts:` and lima.env say about it. */
export interface GuestMount {
  /** The host directory, `~` expanded. */
  location: string;
  mountPoint: string;
  tag: string;
  /** `9p`, `virtiofs`, or `sshfs` for reverse-sshfs (mounted by the host agent, not by fstab). */
  type: string;
  options: string;
}

function expandHome(location: string, homeDir: string): string {
  if (location === '~') return homeDir;
  return location.startsWith('~/') ? path.join(homeDir, location.slice(2)) : location;
}

function fsType(mountType: string): string {
  return mountType === 'reverse-sshfs' ? 'sshfs' : mountType;
}

/** Lima's mount options: 9p's transport, version, msize and cache; never failing the boot for a missing share. */
function mountOptions(mount: Mount, type: string): string {
  if (type !== '9p' && type !== 'virtiofs') return 'defaults';
  const options = [mount.writable ? 'rw' : 'ro'];
  if (type === '9p') {
    const nineP = mount['9p'] ?? {};
    options.push('trans=virtio', `version=${nineP.protocolVersion ?? '9p2000.L'}`, `msize=${parseByteSize(nineP.msize ?? '128KiB')}`);
    options.push(`cache=${nineP.cache ?? (mount.writable ? 'mmap' : 'fscache')}`);
  }
  options.push('nofail');
  return options.join(',');
}

/** The instance's mounts (none in plain mode), in lima.yaml order. */
export function guestMounts(config: FilledLimaYAML, homeDir: string): GuestMount[] {
  if (config.plain) return [];
  const type = fsType(config.mountType);
  return (config.mounts ?? []).map((mount, i) => {
    if (!mount.location) throw new Error(`field \`mounts[${i}].location\` must be set`);
    const location = expandHome(mount.location, homeDir);
    const mountPoint = mount.mountPoint ?? location;
    return { location, mountPoint, tag: mountTag(location, mountPoint), type, options: mountOptions(mount, type) };
  });
}
